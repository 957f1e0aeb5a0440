import { describe, expect, it } from "vitest";
import { cacheKeyProblem } from "./cache-key-problem.js";

describe("cacheKeyProblem", () => {
  it("refuses / and its URI encoding %2F, in any case", () => {
    expect(cacheKeyProblem("a/b")).toContain('may not contain "/"');
    expect(cacheKeyProblem("a%2Fb")).toContain('may not contain "/"');
    expect(cacheKeyProblem("a%2fb")).toContain('may not contain "/"');
  });

  it("refuses keys made only of dots, %2E included", () => {
    for (const key of [".", "..", "...", "%2E", ".%2e"]) {
      expect(cacheKeyProblem(key)).toContain('only "." characters');
    }
  });

  it("accepts ordinary keys, dots inside included", () => {
    for (const key of [
      "default",
      "binaries-cache-main",
      "v1.2",
      "..a",
      "gems_$CI_COMMIT_REF_SLUG",
    ]) {
      expect(cacheKeyProblem(key)).toBeUndefined();
    }
  });

  it("refuses an empty key", () => {
    expect(cacheKeyProblem("")).toBe("a cache key may not be empty");
  });
});
