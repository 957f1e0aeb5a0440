import type { RawNode } from "../raw/raw-node.js";
import { parseRule } from "./parse-rule.js";
import type { Rule } from "./rule.js";
import { jobRuleKeywords } from "./rule-keywords.js";
import { ruleItems } from "./rule-items.js";

/** A job's `rules:` list, in order. */
export function parseRules(node: RawNode): readonly Rule[] {
  return ruleItems(node).map((item) => parseRule(item, jobRuleKeywords));
}
