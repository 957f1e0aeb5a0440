import { describe, expect, it } from "vitest";
import { levenshtein } from "./levenshtein.js";

describe("levenshtein", () => {
  it("counts insertions, deletions and substitutions", () => {
    expect(levenshtein("script", "script")).toBe(0);
    expect(levenshtein("scrip", "script")).toBe(1);
    expect(levenshtein("scripts", "script")).toBe(1);
    expect(levenshtein("scrapt", "script")).toBe(1);
    expect(levenshtein("scrpit", "script")).toBe(2);
    expect(levenshtein("", "abc")).toBe(3);
    expect(levenshtein("kitten", "sitting")).toBe(3);
  });
});
