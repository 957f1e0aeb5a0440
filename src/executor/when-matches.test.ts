import { describe, expect, it } from "vitest";
import { whenMatches } from "./when-matches.js";

describe("whenMatches", () => {
  it("follows artifacts:when / cache:when", () => {
    expect(whenMatches("on_success", "success")).toBe(true);
    expect(whenMatches("on_success", "failed")).toBe(false);
    expect(whenMatches("on_failure", "failed")).toBe(true);
    expect(whenMatches("on_failure", "success")).toBe(false);
    expect(whenMatches("always", "failed")).toBe(true);
  });

  it("uploads nothing for a canceled job", () => {
    expect(whenMatches("always", "canceled")).toBe(false);
  });
});
