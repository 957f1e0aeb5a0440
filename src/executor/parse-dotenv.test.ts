import { describe, expect, it } from "vitest";
import { parseDotenv } from "./parse-dotenv.js";

describe("parseDotenv", () => {
  it("reads KEY=VALUE lines (GitLab's example)", () => {
    expect(parseDotenv("REVIEW_URL=review.example.com/123456\nBUILD_VERSION=v1.0.0\n")).toEqual({
      ok: true,
      variables: [
        { name: "REVIEW_URL", value: "review.example.com/123456" },
        { name: "BUILD_VERSION", value: "v1.0.0" },
      ],
    });
  });

  it("splits at the first `=` and strips leading and trailing spaces", () => {
    expect(parseDotenv("  URL = https://x.test/?a=b  ")).toEqual({
      ok: true,
      variables: [{ name: "URL", value: "https://x.test/?a=b" }],
    });
  });

  it("keeps quotes as they are", () => {
    expect(parseDotenv(`A="quoted"\nB='single'`)).toEqual({
      ok: true,
      variables: [
        { name: "A", value: `"quoted"` },
        { name: "B", value: `'single'` },
      ],
    });
  });

  it("uses the last value of a repeated key", () => {
    expect(parseDotenv("A=1\nB=2\nA=3")).toEqual({
      ok: true,
      variables: [
        { name: "A", value: "3" },
        { name: "B", value: "2" },
      ],
    });
  });

  it("accepts an empty value and an empty file", () => {
    expect(parseDotenv("EMPTY=")).toEqual({ ok: true, variables: [{ name: "EMPTY", value: "" }] });
    expect(parseDotenv("")).toEqual({ ok: true, variables: [] });
  });

  it("refuses an empty line, naming it", () => {
    expect(parseDotenv("A=1\n\nB=2")).toEqual({
      ok: false,
      error: 'dotenv report: line 2: expected KEY=VALUE, found ""',
    });
  });

  it("refuses a comment line", () => {
    const comment = parseDotenv("A=1\n# a comment");
    expect(comment.ok).toBe(false);
    if (!comment.ok) expect(comment.error).toContain("line 2:");
    expect(parseDotenv("#A=1").ok).toBe(false);
  });

  it("refuses keys with characters other than letters, digits and `_`", () => {
    expect(parseDotenv("OK_1=x\nNO-DASH=y")).toEqual({
      ok: false,
      error:
        "dotenv report: line 2: the variable name \"NO-DASH\" can contain only letters, digits and '_' (at most 255)",
    });
    expect(parseDotenv("ÜBER=1").ok).toBe(false);
  });

  it("refuses a file over 5 KB", () => {
    const big = `A=${"x".repeat(5 * 1024)}`;
    const result = parseDotenv(big);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain("at most 5120");
    expect(parseDotenv(`A=${"x".repeat(5 * 1024 - 2)}`).ok).toBe(true);
  });

  it("refuses more than 20 variables (GitLab's self-managed default)", () => {
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `V${i}=x`).join("\n");
    expect(parseDotenv(lines(20)).ok).toBe(true);
    expect(parseDotenv(lines(21))).toEqual({
      ok: false,
      error: "dotenv report: the file has 21 variables; GitLab accepts at most 20",
    });
  });

  it("ignores a byte order mark", () => {
    expect(parseDotenv("\uFEFFA=1")).toEqual({ ok: true, variables: [{ name: "A", value: "1" }] });
  });
});
