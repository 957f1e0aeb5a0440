import type { RawNode } from "../raw/raw-node.js";
import type { Rule, RuleAllowFailure, RuleWhen } from "./rule.js";
import type { RuleContext } from "./rule-context.js";
import { ruleMatches } from "./rule-matches.js";

/**
 * What the first matching rule says about the job. `when: "absent"` means the rule has no
 * `when`: GitLab then uses the job's own `when` (on_success by default). `when: "never"`
 * means the job is not added. Undefined fields were not set by the rule.
 */
export interface RuleOutcome {
  readonly when: RuleWhen | "absent";
  readonly startIn: string | undefined;
  readonly allowFailure: RuleAllowFailure | undefined;
  readonly variables: ReadonlyMap<string, string>;
  readonly needs: RawNode | undefined;
  readonly interruptible: boolean | undefined;
}

/** The first matching rule's outcome, or undefined when no rule matches (the job is not added). */
export function evaluateRules(
  rules: readonly Rule[],
  context: RuleContext,
): RuleOutcome | undefined {
  const rule = rules.find((candidate) => ruleMatches(candidate, context));
  if (rule === undefined) return undefined;
  return {
    when: rule.when ?? "absent",
    startIn: rule.startIn,
    allowFailure: rule.allowFailure,
    variables: rule.variables,
    needs: rule.needs,
    interruptible: rule.interruptible,
  };
}
