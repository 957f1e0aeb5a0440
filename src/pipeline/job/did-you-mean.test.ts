import { describe, expect, it } from "vitest";
import { didYouMean } from "./did-you-mean.js";

describe("didYouMean", () => {
  it("suggests within distance 2 only", () => {
    expect(didYouMean("stagee", ["stage", "script"])).toBe("stage");
    expect(didYouMean("scirpt", ["stage", "script"])).toBe("script");
    expect(didYouMean("scxxxpt", ["stage", "script"])).toBeUndefined();
  });
});
