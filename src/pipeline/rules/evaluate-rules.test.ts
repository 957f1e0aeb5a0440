import { describe, expect, it } from "vitest";
import { evaluateRules } from "./evaluate-rules.js";
import { parseRules } from "./parse-rules.js";
import type { RuleContext } from "./rule-context.js";
import { rulesNode } from "./rules-node.fixture.js";

/** A context whose changed and existing files are fixed lists; ports record what they were asked. */
function context(
  variables: Record<string, string>,
  files: { changed?: string[]; existing?: string[] } = {},
) {
  const asked: {
    changes: [readonly string[], string | undefined][];
    exists: (readonly string[])[];
  } = {
    changes: [],
    exists: [],
  };
  const ports: RuleContext = {
    variables: new Map(Object.entries(variables)),
    changes: (paths, compareTo) => {
      asked.changes.push([paths, compareTo]);
      return paths.some((path) => files.changed?.includes(path) ?? false);
    },
    exists: (paths) => {
      asked.exists.push(paths);
      return paths.some((path) => files.existing?.includes(path) ?? false);
    },
  };
  return { ports, asked };
}

const evaluate = (rules: unknown, variables: Record<string, string>, files = {}) =>
  evaluateRules(parseRules(rulesNode(rules)), context(variables, files).ports);

describe("evaluateRules", () => {
  const docsExample = [
    { if: '$CI_PIPELINE_SOURCE == "merge_request_event"', when: "manual", allow_failure: true },
    { if: '$CI_PIPELINE_SOURCE == "schedule"' },
  ];

  it("uses the first matching rule (docs: merge request pipeline gets manual + allow_failure)", () => {
    expect(evaluate(docsExample, { CI_PIPELINE_SOURCE: "merge_request_event" })).toMatchObject({
      when: "manual",
      allowFailure: true,
    });
  });

  it('says "absent" when the matching rule has no when, so the job\'s own when applies', () => {
    expect(evaluate(docsExample, { CI_PIPELINE_SOURCE: "schedule" })).toMatchObject({
      when: "absent",
      allowFailure: undefined,
    });
  });

  it("returns undefined when no rule matches (job not added)", () => {
    expect(evaluate(docsExample, { CI_PIPELINE_SOURCE: "push" })).toBeUndefined();
  });

  it("returns when: never from an excluding rule, and the fallback rule otherwise", () => {
    const rules = [
      { if: '$CI_PIPELINE_SOURCE == "schedule"', when: "never" },
      { when: "on_success" },
    ];
    expect(evaluate(rules, { CI_PIPELINE_SOURCE: "schedule" })?.when).toBe("never");
    expect(evaluate(rules, { CI_PIPELINE_SOURCE: "push" })?.when).toBe("on_success");
  });

  it("matches a rule with if and changes only when both hold", () => {
    const rules = [
      {
        if: '$VAR == "string value"',
        changes: ["Dockerfile", "docker/scripts/**/*"],
        when: "manual",
      },
    ];
    expect(evaluate(rules, { VAR: "string value" }, { changed: ["Dockerfile"] })?.when).toBe(
      "manual",
    );
    expect(evaluate(rules, { VAR: "other" }, { changed: ["Dockerfile"] })).toBeUndefined();
    expect(evaluate(rules, { VAR: "string value" }, { changed: [] })).toBeUndefined();
  });

  it("asks the exists port, with defined variables expanded and undefined ones kept", () => {
    const { ports, asked } = context({ DOCKERFILES_DIR: "docker" }, { existing: ["docker/*"] });
    const rules = parseRules(rulesNode([{ exists: ["$DOCKERFILES_DIR/*", "${MISSING}/x"] }]));
    expect(evaluateRules(rules, ports)?.when).toBe("absent");
    expect(asked.exists).toEqual([["docker/*", "${MISSING}/x"]]);
  });

  it("passes compare_to to the changes port", () => {
    const { ports, asked } = context({}, { changed: ["**/*"] });
    const rules = parseRules(
      rulesNode([
        { if: "$CI_COMMIT_BRANCH", changes: { paths: ["**/*"], compare_to: "refs/heads/main" } },
      ]),
    );
    expect(evaluateRules(rules, ports)).toBeUndefined();
    expect(asked.changes).toEqual([]);
    const matched = evaluateRules(rules, {
      ...ports,
      variables: new Map([["CI_COMMIT_BRANCH", "feature"]]),
    });
    expect(matched?.when).toBe("absent");
    expect(asked.changes).toEqual([[["**/*"], "refs/heads/main"]]);
  });

  it("returns start_in, variables and needs of the matching rule", () => {
    const outcome = evaluate(
      [
        {
          if: "$CI_COMMIT_REF_NAME =~ /feature/",
          when: "delayed",
          start_in: "3 hours",
          variables: { IS_A_FEATURE: "true" },
          needs: [],
        },
      ],
      { CI_COMMIT_REF_NAME: "feature-x" },
    );
    expect(outcome?.when).toBe("delayed");
    expect(outcome?.startIn).toBe("3 hours");
    expect(outcome?.variables.get("IS_A_FEATURE")).toBe("true");
    expect(outcome?.needs?.value).toEqual([]);
  });
});
