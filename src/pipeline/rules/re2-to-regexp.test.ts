import { describe, expect, it } from "vitest";
import { re2ToRegExp } from "./re2-to-regexp.js";

/** The translated RegExp, failing the test when RE2 syntax was rejected. */
function compile(pattern: string, flags = ""): RegExp {
  const result = re2ToRegExp(pattern, flags);
  if (!result.ok) throw new Error(`rejected: ${result.reason}`);
  return result.regexp;
}

function reason(pattern: string): string {
  const result = re2ToRegExp(pattern, "");
  return result.ok ? "accepted" : result.reason;
}

describe("re2ToRegExp", () => {
  it("matches anywhere unless anchored (RE2 partial match)", () => {
    expect(compile("issue").test("severe-issues")).toBe(true);
    expect(compile("^issue-").test("severe-issues")).toBe(false);
    expect(compile("^issue-.*$").test("issue-12")).toBe(true);
  });

  it("is case-sensitive unless the i flag is given", () => {
    expect(compile("^main$").test("MAIN")).toBe(false);
    expect(compile("^main$", "i").test("MAIN")).toBe(true);
    expect(compile("(?i)^main$").test("MAIN")).toBe(true);
  });

  it("lets . match a newline only with the s flag, and ^ $ match lines only with m", () => {
    expect(compile("a.b").test("a\nb")).toBe(false);
    expect(compile("a.b", "s").test("a\nb")).toBe(true);
    expect(compile("^b$").test("a\nb\nc")).toBe(false);
    expect(compile("^b$", "m").test("a\nb\nc")).toBe(true);
  });

  it("translates RE2-only syntax: \\A \\z, (?P<name>), \\x{...}, octal, POSIX classes, \\pL", () => {
    expect(compile("\\Aab\\z").test("ab")).toBe(true);
    expect(compile("\\Aab\\z", "m").test("x\nab")).toBe(false);
    expect(compile("(?P<v>\\d+)").exec("v12")?.groups?.v).toBe("12");
    expect(compile("\\x{40}").test("a@b")).toBe(true);
    expect(compile("\\101").test("A")).toBe(true);
    expect(compile("^[[:alpha:]]+$").test("abcXYZ")).toBe(true);
    expect(compile("^[[:digit:]]+$").test("12a")).toBe(false);
    expect(compile("^\\pL+$").test("héllo")).toBe(true);
    expect(compile("^\\p{Greek}+$").test("αβγ")).toBe(true);
  });

  it("takes ] first in a class, a bad {count} and escaped punctuation literally", () => {
    expect(compile("[]a]").test("]")).toBe(true);
    expect(compile("a{,2}").test("a{,2}")).toBe(true);
    expect(compile("v\\-1\\.0").test("v-1.0")).toBe(true);
    expect(compile("v\\-1\\.0").test("v-1x0")).toBe(false);
  });

  it("quotes \\Q...\\E text and handles classes with escapes, hex ranges and negation", () => {
    expect(compile("^\\Qa.b*\\E$").test("a.b*")).toBe(true);
    expect(compile("^\\Qa.b*\\E$").test("axbb")).toBe(false);
    expect(compile("^[\\x41-\\x43\\d]+$").test("AB1C")).toBe(true);
    expect(compile("^[^\\s/]+$").test("a b")).toBe(false);
    expect(compile("^[a-c-]+$").test("a-c")).toBe(true);
  });

  it("makes quantifiers lazy with U, and lazy ones greedy", () => {
    expect(compile("a+").exec("aaa")?.[0]).toBe("aaa");
    expect(compile("a+", "U").exec("aaa")?.[0]).toBe("a");
    expect(compile("a+?", "U").exec("aaa")?.[0]).toBe("aaa");
  });

  it("rejects what RE2 does not support, naming it", () => {
    expect(reason("^(?!main$)")).toBe("negative lookahead (?!...) is not supported by RE2");
    expect(reason("foo(?=bar)")).toBe("lookahead (?=...) is not supported by RE2");
    expect(reason("(?<=a)b")).toBe("lookbehind (?<=...) is not supported by RE2");
    expect(reason("(a)\\1")).toBe("backreferences (\\1) are not supported by RE2");
    expect(reason("(?<n>a)\\k<n>")).toBe(
      "named backreferences (\\k<name>) are not supported by RE2",
    );
    expect(reason("a++")).toBe("possessive quantifiers (++) are not supported by RE2");
    expect(reason("(?>a+)b")).toBe("atomic groups (?>...) are not supported by RE2");
    expect(reason("a**")).toBe("bad repetition operator **");
    expect(reason("a{1001}")).toBe("bad repetition operator {1001} (RE2 allows counts up to 1000)");
    expect(reason("*a")).toBe("missing argument to repetition operator *");
    expect(reason("(ab")).toBe("missing closing )");
    expect(reason("[ab")).toBe("missing closing ] in a character class");
    expect(reason("ab\\Z")).toBe("\\Z is not supported by RE2; use \\z for the end of the text");
    expect(reason("[z-a]")).toMatch(/^bad character class range/);
  });
});
