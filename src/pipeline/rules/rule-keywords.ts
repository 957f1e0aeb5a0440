import { ruleWhens, type RuleWhen } from "./rule.js";

/** Which keys and `when` values a rule may have where it is written. */
export interface RuleKeywords {
  readonly keys: readonly string[];
  readonly whens: readonly RuleWhen[];
}

/** A job's `rules:` (GitLab's Entry::Job metadata). */
export const jobRuleKeywords: RuleKeywords = {
  keys: [
    "if",
    "changes",
    "exists",
    "when",
    "start_in",
    "allow_failure",
    "variables",
    "needs",
    "interruptible",
  ],
  whens: ruleWhens,
};

/**
 * `workflow:rules:`. `auto_cancel` is accepted and ignored: it decides which older pipelines
 * GitLab cancels, and a local airlock run has no other pipelines.
 */
export const workflowRuleKeywords: RuleKeywords = {
  keys: ["if", "changes", "exists", "when", "variables", "auto_cancel"],
  whens: ["always", "never"],
};
