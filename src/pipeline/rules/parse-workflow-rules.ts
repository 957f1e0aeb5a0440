import type { RawNode } from "../raw/raw-node.js";
import { parseRule } from "./parse-rule.js";
import type { Rule } from "./rule.js";
import { workflowRuleKeywords } from "./rule-keywords.js";
import { ruleItems } from "./rule-items.js";

/** `workflow:rules:`: like a job's rules, with only if, changes, exists, when (always/never), variables. */
export function parseWorkflowRules(node: RawNode): readonly Rule[] {
  return ruleItems(node).map((item) => parseRule(item, workflowRuleKeywords));
}
