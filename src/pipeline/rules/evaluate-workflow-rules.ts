import type { Rule } from "./rule.js";
import type { RuleContext } from "./rule-context.js";
import { ruleMatches } from "./rule-matches.js";

export type WorkflowDecision =
  | { readonly decision: "run"; readonly variables: ReadonlyMap<string, string> }
  | { readonly decision: "skip" };

/**
 * `workflow:rules`: the first matching rule decides; `when: never` skips the pipeline,
 * `always` or no `when` runs it with the rule's variables added. No match: skip.
 */
export function evaluateWorkflowRules(
  rules: readonly Rule[],
  context: RuleContext,
): WorkflowDecision {
  const rule = rules.find((candidate) => ruleMatches(candidate, context));
  if (rule === undefined || rule.when === "never") return { decision: "skip" };
  return { decision: "run", variables: rule.variables };
}
