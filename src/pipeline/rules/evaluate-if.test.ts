import { describe, expect, it } from "vitest";
import { evaluateIf } from "./evaluate-if.js";
import { parseIf } from "./parse-if.js";
import { ifNode } from "./rules-node.fixture.js";

/** `source` evaluated with `variables`; expectations below are from GitLab's job_rules docs. */
function check(source: string, variables: Record<string, string> = {}): boolean {
  return evaluateIf(parseIf(ifNode(source)), new Map(Object.entries(variables)));
}

describe("evaluateIf: comparisons with null and empty strings", () => {
  it("$VAR == null is true only when the variable is undefined", () => {
    expect(check("$VARIABLE == null")).toBe(true);
    expect(check("$VARIABLE == null", { VARIABLE: "" })).toBe(false);
    expect(check("$VARIABLE != null", { VARIABLE: "x" })).toBe(true);
  });

  it('$VAR == "" is true only when the variable is defined and empty', () => {
    expect(check('$VARIABLE == ""', { VARIABLE: "" })).toBe(true);
    expect(check('$VARIABLE == ""')).toBe(false);
    expect(check('$VARIABLE != ""')).toBe(true);
    expect(check("$VARIABLE != ''", { VARIABLE: "" })).toBe(false);
  });

  it("a bare $VAR means defined and not empty", () => {
    expect(check("$VARIABLE", { VARIABLE: "yes" })).toBe(true);
    expect(check("$VARIABLE", { VARIABLE: "" })).toBe(false);
    expect(check("$VARIABLE")).toBe(false);
  });

  it("compares two variables, and strings exactly", () => {
    expect(
      check("$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH", {
        CI_COMMIT_BRANCH: "main",
        CI_DEFAULT_BRANCH: "main",
      }),
    ).toBe(true);
    expect(
      check("$CI_COMMIT_BRANCH != $CI_DEFAULT_BRANCH", {
        CI_COMMIT_BRANCH: "dev",
        CI_DEFAULT_BRANCH: "main",
      }),
    ).toBe(true);
    expect(check('$VAR == "some value"', { VAR: "some value " })).toBe(false);
    expect(check("$A == $B")).toBe(true);
  });
});

describe("evaluateIf: regular expressions", () => {
  it("=~ is true when a match is found anywhere, !~ when none is", () => {
    expect(check("$VARIABLE =~ /^content.*/", { VARIABLE: "content-1" })).toBe(true);
    expect(check("$VARIABLE !~ /^content.*/", { VARIABLE: "content-1" })).toBe(false);
    expect(check("$CI_COMMIT_BRANCH =~ /issue/", { CI_COMMIT_BRANCH: "severe-issues" })).toBe(true);
    expect(check("$CI_COMMIT_BRANCH =~ /^issue-/", { CI_COMMIT_BRANCH: "severe-issues" })).toBe(
      false,
    );
  });

  it("is case-sensitive unless /i is given", () => {
    expect(check("$NAME =~ /^main$/", { NAME: "Main" })).toBe(false);
    expect(check("$NAME =~ /^main$/i", { NAME: "Main" })).toBe(true);
  });

  it("uses a variable holding /pattern/ on the right side as a regex", () => {
    expect(check("$teststring =~ $pattern", { teststring: "abcde", pattern: "/^ab.*/" })).toBe(
      true,
    );
    expect(check("$teststring =~ $pattern", { teststring: "fghij", pattern: "/^ab.*/" })).toBe(
      false,
    );
    expect(check("$teststring !~ $pattern", { teststring: "fghij", pattern: "/^ab.*/" })).toBe(
      true,
    );
  });

  it("does not resolve variables inside a regex", () => {
    const variables = { CI_JOB_NAME: "regex-job1", string1: "regex-job1", pattern: "/$string1/" };
    expect(check("$CI_JOB_NAME =~ /$string1/", variables)).toBe(false);
    expect(check("$CI_JOB_NAME =~ $pattern", variables)).toBe(false);
  });

  it("falls back to a substring test when the right side is not a /regex/ (documented troubleshooting case)", () => {
    expect(check("$LEFT =~ $RIGHT", { LEFT: "23", RIGHT: "1234" })).toBe(true);
    expect(check("$LEFT =~ /1234/", { LEFT: "23" })).toBe(false);
    expect(check("$LEFT =~ $RIGHT", { LEFT: "1234", RIGHT: "23" })).toBe(false);
  });

  it("treats =~ against an undefined right side as no match", () => {
    expect(check("$A =~ $UNDEFINED", { A: "x" })).toBe(false);
    expect(check("$A !~ $UNDEFINED", { A: "x" })).toBe(true);
  });

  it("matches an undefined left side as an empty string (GitLab's nil.to_s)", () => {
    expect(check("$UNDEFINED =~ /^$|x+/")).toBe(true);
    expect(check("$UNDEFINED =~ /.+/")).toBe(false);
  });
});

describe("evaluateIf: && and ||", () => {
  it("evaluates && before ||", () => {
    const source = "$VARIABLE1 =~ /^content.*/ || $VARIABLE2 =~ /thing$/ && $VARIABLE3";
    expect(check(source, { VARIABLE1: "content" })).toBe(true);
    expect(check(source, { VARIABLE2: "something" })).toBe(false);
    expect(check(source, { VARIABLE2: "something", VARIABLE3: "1" })).toBe(true);
  });

  it("evaluates parentheses first", () => {
    const source =
      '($CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH || $CI_COMMIT_BRANCH == "develop") && $MY_VARIABLE';
    expect(check(source, { CI_COMMIT_BRANCH: "develop", CI_DEFAULT_BRANCH: "main" })).toBe(false);
    expect(
      check(source, { CI_COMMIT_BRANCH: "develop", CI_DEFAULT_BRANCH: "main", MY_VARIABLE: "1" }),
    ).toBe(true);
    expect(
      check(source, { CI_COMMIT_BRANCH: "feature", CI_DEFAULT_BRANCH: "main", MY_VARIABLE: "1" }),
    ).toBe(false);
  });

  it("treats an empty variable joined with && as false (documented meaning of a bare $VAR)", () => {
    expect(
      check('$TEST_VAR && $CI_COMMIT_BRANCH == "master"', {
        TEST_VAR: "",
        CI_COMMIT_BRANCH: "master",
      }),
    ).toBe(false);
  });
});
