import { describe, expect, it } from "vitest";
import { parseIf } from "./parse-if.js";
import { ifNode, lineSevenSourceMap, pipelineFailure } from "./rules-node.fixture.js";

const message = (source: unknown): string => pipelineFailure(() => parseIf(ifNode(source))).message;

describe("parseIf", () => {
  it("builds a typed tree with && binding tighter than ||", () => {
    const tree = parseIf(ifNode('$A == "1" || $B && $C =~ /^x+/i'));
    expect(tree).toMatchObject({
      kind: "or",
      left: {
        kind: "equals",
        negated: false,
        left: { kind: "variable", name: "A" },
        right: { kind: "string", value: "1" },
      },
      right: {
        kind: "and",
        left: { kind: "present", value: { kind: "variable", name: "B" } },
        right: {
          kind: "matches",
          negated: false,
          right: { kind: "pattern", source: "^x+", flags: "i" },
        },
      },
    });
  });

  it("lets parentheses override precedence", () => {
    expect(parseIf(ifNode("($A || $B) && $C"))).toMatchObject({
      kind: "and",
      left: { kind: "or" },
      right: { kind: "present" },
    });
  });

  it("accepts single quotes, null, != and !~", () => {
    expect(parseIf(ifNode("$A != 'x' && $B != null && $C !~ /ab/"))).toMatchObject({
      kind: "and",
      left: {
        kind: "and",
        left: { kind: "equals", negated: true },
        right: { kind: "equals", right: { kind: "null" } },
      },
      right: { kind: "matches", negated: true },
    });
  });

  it("unescapes \\/ inside a regex literal", () => {
    expect(parseIf(ifNode("$REF =~ /^release\\/v1/"))).toMatchObject({
      right: { kind: "pattern", source: "^release/v1" },
    });
  });

  it("names the key, column and what was expected on a syntax error", () => {
    expect(message('$A == "x")')).toBe(
      'test:rules:0:if: unexpected ")" at column 10; expected &&, || or the end of the expression',
    );
    expect(message("$A $B")).toBe(
      'test:rules:0:if: unexpected "$B" at column 4; expected ==, !=, =~, !~, &&, || or the end of the expression',
    );
  });

  it("reports a missing operand", () => {
    expect(message("$A == ")).toBe(
      'test:rules:0:if: unexpected end of expression at column 7; expected a value ($VARIABLE, "string", null)',
    );
    expect(message("$A && || $B")).toBe(
      'test:rules:0:if: unexpected "||" at column 7; expected a value ($VARIABLE, "string", null)',
    );
  });

  it("reports an unclosed parenthesis", () => {
    expect(message("($A || $B")).toBe(
      'test:rules:0:if: unexpected end of expression at column 10; expected ")" to close the "(" at column 1',
    );
  });

  it("includes file and line when the source map knows them", () => {
    const error = pipelineFailure(() => parseIf(ifNode("$A ==", lineSevenSourceMap)));
    expect(error.message).toMatch(
      /^\.gitlab-ci\.yml:7:5: test:rules:0:if: unexpected end of expression at column 6/,
    );
  });

  it("rejects ${VAR}, which GitLab's lexer does not accept, with a fix", () => {
    const error = pipelineFailure(() => parseIf(ifNode('${CI_COMMIT_BRANCH} == "main"')));
    expect(error.message).toBe(
      'test:rules:0:if: unexpected "${CI_COMMIT_BRANCH}" at column 1; GitLab expressions take $CI_COMMIT_BRANCH, not ${CI_COMMIT_BRANCH}',
    );
    expect(error.fix).toBe("write $CI_COMMIT_BRANCH");
  });

  it("rejects a bare word, pointing at $ or quotes", () => {
    const error = pipelineFailure(() => parseIf(ifNode("$CI_COMMIT_BRANCH == main")));
    expect(error.message).toMatch(/unexpected "main" at column 22; expected a value/);
    expect(error.fix).toMatch(/\$main/);
  });

  it("rejects a regex that is not RE2", () => {
    expect(message("$CI_COMMIT_BRANCH =~ /^(?!main$).+/")).toBe(
      "test:rules:0:if: regular expression /^(?!main$).+/ at column 22 is not valid RE2: negative lookahead (?!...) is not supported by RE2",
    );
    expect(message("$X =~ /(a)\\1/")).toMatch(/backreferences \(\\1\) are not supported by RE2$/);
  });

  it("rejects single-character regexes and unknown flags, as GitLab does", () => {
    expect(message("$X =~ /./")).toMatch(/regular expression \/\.\/ at column 7 is too short/);
    expect(message("$X =~ /ab/g")).toMatch(
      /unsupported regular expression flag "g" in \/ab\/g at column 7; GitLab accepts i, m, s and U/,
    );
  });

  it("allows a regex only on the right of =~ or !~", () => {
    expect(message("$X == /ab/")).toMatch(
      /unexpected regular expression \/ab\/ at column 7; a regular expression can only be the right side of =~ or !~/,
    );
    expect(message("/ab/ =~ $X")).toMatch(/at column 1; a regular expression can only be/);
  });

  it("rejects unterminated strings, lone = and ! and empty expressions", () => {
    expect(message('$A == "x')).toBe(
      'test:rules:0:if: unterminated string at column 7; expected a closing "',
    );
    expect(message("$A = 'x'")).toMatch(/unexpected "=" at column 4; expected ==, =~, && or \|\|/);
    expect(message("!$A")).toMatch(/no "not" operator/);
    expect(message("   ")).toBe("test:rules:0:if: expected an expression, got an empty string");
  });

  it("requires a string", () => {
    expect(message(true)).toBe(
      'test:rules:0:if: expected an expression string like $CI_COMMIT_BRANCH == "main", got the boolean true',
    );
  });

  it("stops at GitLab's 100-token limit", () => {
    const long = Array.from({ length: 51 }, (_, index) => `$V${index}`).join(" || ");
    expect(message(long)).toMatch(/too many tokens at column \d+; GitLab allows at most 100/);
  });
});
