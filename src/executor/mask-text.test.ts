import { describe, expect, it } from "vitest";
import { maskText } from "./mask-text.js";

describe("maskText", () => {
  it("masks the executor's own lines too", () => {
    expect(maskText(["cache-key-secret"], "Checking cache for cache-key-secret...")).toBe(
      "Checking cache for [MASKED]...",
    );
  });
});
