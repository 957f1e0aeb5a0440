import { describe, expect, it } from "vitest";
import { formatSummary } from "./format-summary.js";

describe("formatSummary", () => {
  it("names the runtime when ready and what blocks otherwise", () => {
    const runtime = {
      name: "runc",
      path: "/usr/sbin/runc",
      version: "1.1.5",
      verified: true,
      reason: "",
    } as const;
    expect(
      formatSummary(
        { container: true, microvm: "tcg-only", runtime, blocking: [] },
        { color: false },
      ),
    ).toBe(
      "container backend: ready with runc 1.1.5\n" +
        "microVM backend:   TCG only: KVM unusable, software emulation is slow (optional backend)\n",
    );
    expect(
      formatSummary(
        { container: false, microvm: "unavailable", runtime: undefined, blocking: ["root", "gcc"] },
        { color: false },
      ),
    ).toBe(
      "container backend: not ready: missing root, gcc\nmicroVM backend:   unavailable (optional backend)\n",
    );
  });
});
