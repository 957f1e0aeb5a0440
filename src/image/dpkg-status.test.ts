import { describe, expect, it } from "vitest";
import { countInstalledPackages } from "./dpkg-status.js";

describe("countInstalledPackages", () => {
  it("counts only installed stanzas", () => {
    const status = [
      "Package: bash\nStatus: install ok installed\nVersion: 5.2",
      "Package: gone\nStatus: deinstall ok config-files\nVersion: 1",
      "Package: coreutils\nStatus: install ok installed\nVersion: 9.1",
      "",
    ].join("\n\n");
    expect(countInstalledPackages(status)).toBe(2);
    expect(countInstalledPackages("")).toBe(0);
  });
});
