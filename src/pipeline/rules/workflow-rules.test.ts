import { describe, expect, it } from "vitest";
import { evaluateWorkflowRules } from "./evaluate-workflow-rules.js";
import { parseWorkflowRules } from "./parse-workflow-rules.js";
import type { RuleContext } from "./rule-context.js";
import { nodeAt, pipelineFailure } from "./rules-node.fixture.js";

const workflowNode = (rules: unknown) => nodeAt({ workflow: { rules } }, ["workflow", "rules"]);

function decide(rules: unknown, variables: Record<string, string>) {
  const context: RuleContext = {
    variables: new Map(Object.entries(variables)),
    changes: () => false,
    exists: () => false,
  };
  return evaluateWorkflowRules(parseWorkflowRules(workflowNode(rules)), context);
}

describe("workflow:rules", () => {
  // The docs' workflow:rules example.
  const rules = [
    { if: "$CI_COMMIT_TITLE =~ /-draft$/", when: "never" },
    { if: '$CI_PIPELINE_SOURCE == "merge_request_event"' },
    { if: "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH" },
  ];

  it("skips the pipeline on a when: never rule", () => {
    expect(
      decide(rules, { CI_COMMIT_TITLE: "wip-draft", CI_PIPELINE_SOURCE: "merge_request_event" }),
    ).toEqual({
      decision: "skip",
    });
  });

  it("runs it on a matching rule without when", () => {
    expect(
      decide(rules, {
        CI_COMMIT_TITLE: "fix",
        CI_COMMIT_BRANCH: "main",
        CI_DEFAULT_BRANCH: "main",
      }),
    ).toEqual({
      decision: "run",
      variables: new Map(),
    });
  });

  it("does not run the pipeline when no rule matches", () => {
    expect(
      decide(rules, {
        CI_COMMIT_TITLE: "fix",
        CI_COMMIT_BRANCH: "feature",
        CI_DEFAULT_BRANCH: "main",
      }),
    ).toEqual({
      decision: "skip",
    });
  });

  it("adds the matching rule's variables (docs: workflow:rules:variables)", () => {
    const withVariables = [
      {
        if: "$CI_COMMIT_REF_NAME == $CI_DEFAULT_BRANCH",
        variables: { DEPLOY_VARIABLE: "deploy-production" },
      },
      { if: "$CI_COMMIT_REF_NAME =~ /feature/", variables: { IS_A_FEATURE: "true" } },
      { when: "always" },
    ];
    const feature = decide(withVariables, {
      CI_COMMIT_REF_NAME: "feature-1",
      CI_DEFAULT_BRANCH: "main",
    });
    expect(feature).toEqual({ decision: "run", variables: new Map([["IS_A_FEATURE", "true"]]) });
    const other = decide(withVariables, { CI_COMMIT_REF_NAME: "fix", CI_DEFAULT_BRANCH: "main" });
    expect(other).toEqual({ decision: "run", variables: new Map() });
  });

  it("accepts auto_cancel and ignores it", () => {
    const parsed = parseWorkflowRules(
      workflowNode([{ if: "$A", auto_cancel: { on_new_commit: "interruptible" } }]),
    );
    expect(parsed).toHaveLength(1);
  });

  it("allows only when: always or never", () => {
    const error = pipelineFailure(() => parseWorkflowRules(workflowNode([{ when: "manual" }])));
    expect(error.message).toBe(
      'workflow:rules:0:when: expected one of always, never, got "manual"',
    );
  });

  it("rejects job-only keys, listing the workflow ones", () => {
    const error = pipelineFailure(() =>
      parseWorkflowRules(workflowNode([{ if: "$A", allow_failure: true }])),
    );
    expect(error.message).toBe(
      'workflow:rules:0: unknown key "allow_failure" in a rule; allowed keys: if, changes, exists, when, variables, auto_cancel',
    );
  });
});
