import { readStartIn } from "../job/parse-when.js";
import type { RawNode } from "../raw/raw-node.js";
import { readBoolean } from "../raw/read-scalar.js";
import { parseIf } from "./parse-if.js";
import { parseRuleAllowFailure } from "./parse-rule-allow-failure.js";
import { parseRuleChanges } from "./parse-rule-changes.js";
import { parseRuleExists } from "./parse-rule-exists.js";
import { parseRuleVariables } from "./parse-rule-variables.js";
import { readRuleWhen } from "./read-rule-when.js";
import type { Rule } from "./rule.js";
import type { RuleKeywords } from "./rule-keywords.js";

/**
 * One rule map. Keys outside `keywords.keys` fail with the allowed list; `start_in` is
 * required with `when: delayed` and allowed only with it, as in GitLab.
 */
export function parseRule(node: RawNode, keywords: RuleKeywords): Rule {
  const keys = node.keys(`a rule: a map with ${keywords.keys.join(", ")}`);
  for (const key of keys) {
    if (!keywords.keys.includes(key)) {
      throw node.fail(`unknown key "${key}" in a rule; allowed keys: ${keywords.keys.join(", ")}`);
    }
  }
  if (keys.length === 0)
    throw node.fail(`a rule needs at least one of ${keywords.keys.join(", ")}`);
  const when = readRuleWhen(node.child("when"), keywords.whens);
  const startIn = node.child("start_in");
  if (when === "delayed" && startIn.isMissing) {
    throw node.fail("when: delayed needs start_in, for example start_in: 30 minutes");
  }
  if (when !== "delayed" && !startIn.isMissing)
    throw startIn.fail("start_in is only allowed with when: delayed");
  const ifNode = node.child("if");
  const interruptible = node.child("interruptible");
  const needs = node.child("needs");
  return {
    if: ifNode.isMissing ? undefined : parseIf(ifNode),
    changes: parseRuleChanges(node.child("changes")),
    exists: parseRuleExists(node.child("exists")),
    when,
    startIn: startIn.isMissing ? undefined : readStartIn(startIn),
    allowFailure: parseRuleAllowFailure(node.child("allow_failure")),
    variables: parseRuleVariables(node.child("variables")),
    needs: needs.isMissing ? undefined : needs,
    interruptible: interruptible.isMissing ? undefined : readBoolean(interruptible),
  };
}
