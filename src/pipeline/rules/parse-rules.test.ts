import { describe, expect, it } from "vitest";
import { parseRules } from "./parse-rules.js";
import { pipelineFailure, rulesNode } from "./rules-node.fixture.js";

const failure = (rules: unknown): string =>
  pipelineFailure(() => parseRules(rulesNode(rules))).message;

describe("parseRules", () => {
  it("reads if, when, allow_failure and variables (numbers and booleans become text)", () => {
    const [rule] = parseRules(
      rulesNode([
        {
          if: '$CI_PIPELINE_SOURCE == "merge_request_event"',
          when: "manual",
          allow_failure: true,
          variables: { DEPLOY: "yes", REPLICAS: 3, DEBUG: false },
        },
      ]),
    );
    expect(rule?.if).toMatchObject({
      kind: "equals",
      left: { kind: "variable", name: "CI_PIPELINE_SOURCE" },
    });
    expect(rule?.when).toBe("manual");
    expect(rule?.allowFailure).toBe(true);
    expect(rule?.variables).toEqual(
      new Map([
        ["DEPLOY", "yes"],
        ["REPLICAS", "3"],
        ["DEBUG", "false"],
      ]),
    );
    expect(rule?.changes).toBeUndefined();
    expect(rule?.startIn).toBeUndefined();
  });

  it("reads changes as a list or as {paths, compare_to}", () => {
    const [simple, complex] = parseRules(
      rulesNode([
        { changes: ["Dockerfile", "docker/scripts/**/*"] },
        { changes: { paths: ["Dockerfile"], compare_to: "refs/heads/branch1" } },
      ]),
    );
    expect(simple?.changes).toEqual({
      paths: ["Dockerfile", "docker/scripts/**/*"],
      compareTo: undefined,
    });
    expect(complex?.changes).toEqual({ paths: ["Dockerfile"], compareTo: "refs/heads/branch1" });
  });

  it("reads exists as a string, a list or {paths}", () => {
    const rules = parseRules(
      rulesNode([
        { exists: "Dockerfile" },
        { exists: ["a", "b/**"] },
        { exists: { paths: ["c"] } },
      ]),
    );
    expect(rules.map((rule) => rule.exists)).toEqual([["Dockerfile"], ["a", "b/**"], ["c"]]);
  });

  it("fails clearly for exists in another project", () => {
    const error = pipelineFailure(() =>
      parseRules(rulesNode([{ exists: { paths: ["x"], project: "group/other", ref: "main" } }])),
    );
    expect(error.message).toBe(
      "test:rules:0:exists:project: exists in another project is not supported: airlock runs offline and only sees the local checkout",
    );
    expect(error.fix).toMatch(/remove project and ref/);
  });

  it("fails on an unknown key, listing the allowed keys", () => {
    expect(failure([{ if: "$A", stage: "test" }])).toBe(
      'test:rules:0: unknown key "stage" in a rule; allowed keys: if, changes, exists, when, start_in, allow_failure, variables, needs, interruptible',
    );
  });

  it("fails on an unknown when", () => {
    expect(failure([{ when: "sometimes" }])).toBe(
      'test:rules:0:when: expected one of on_success, on_failure, always, manual, never, delayed, got "sometimes"',
    );
  });

  it("requires start_in with when: delayed, and allows it only there", () => {
    expect(parseRules(rulesNode([{ when: "delayed", start_in: "30 minutes" }]))[0]?.startIn).toBe(
      "30 minutes",
    );
    expect(failure([{ when: "delayed" }])).toBe(
      "test:rules:0: when: delayed needs start_in, for example start_in: 30 minutes",
    );
    expect(failure([{ when: "manual", start_in: "1 day" }])).toBe(
      "test:rules:0:start_in: start_in is only allowed with when: delayed",
    );
  });

  it("reads allow_failure exit codes as a number or a list", () => {
    const rules = parseRules(
      rulesNode([
        { allow_failure: { exit_codes: 137 } },
        { allow_failure: { exit_codes: [1, 255] } },
      ]),
    );
    expect(rules.map((rule) => rule.allowFailure)).toEqual([
      { exitCodes: [137] },
      { exitCodes: [1, 255] },
    ]);
    expect(failure([{ allow_failure: "yes" }])).toBe(
      'test:rules:0:allow_failure: expected true or false, got the string "yes"',
    );
    expect(failure([{ allow_failure: { exit_codes: 300 } }])).toMatch(
      /exit_codes: expected a whole number from 0 to 255/,
    );
  });

  it("flattens nested lists, as !reference [.x, rules] leaves them", () => {
    const rules = parseRules(rulesNode([[{ if: "$A" }, { if: "$B" }], { when: "never" }]));
    expect(rules.map((rule) => rule.if?.kind ?? rule.when)).toEqual([
      "present",
      "present",
      "never",
    ]);
  });

  it("keeps needs unparsed for the job's needs parser", () => {
    const needs = parseRules(
      rulesNode([{ if: "$A", needs: ["build", { job: "lint", optional: true }] }]),
    )[0]?.needs;
    expect(needs?.key).toBe("test:rules:0:needs");
    expect(needs?.value).toEqual(["build", { job: "lint", optional: true }]);
  });

  it("reports an if error at that rule's key", () => {
    expect(failure([{ if: "$A" }, { if: "$B ==" }])).toMatch(
      /^test:rules:1:if: unexpected end of expression at column 6; expected a value/,
    );
  });

  it("fails on an empty rule, a non-list and bad variables", () => {
    expect(failure([{}])).toMatch(/^test:rules:0: a rule needs at least one of if, changes/);
    expect(failure({ if: "$A" })).toBe("test:rules: expected a list of rules, got a map");
    expect(failure([{ variables: { A: null } }])).toBe(
      "test:rules:0:variables:A: expected a string, number or boolean value, got nothing (null)",
    );
  });

  it("fails on changes without paths or with an unknown key", () => {
    expect(failure([{ changes: { compare_to: "main" } }])).toBe(
      "test:rules:0:changes: changes needs paths: a list of files or globs",
    );
    expect(failure([{ changes: { path: ["x"] } }])).toBe(
      'test:rules:0:changes: unknown key "path" in changes; allowed keys: paths, compare_to',
    );
  });
});
