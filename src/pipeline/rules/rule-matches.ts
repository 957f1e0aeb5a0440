import { evaluateIf } from "./evaluate-if.js";
import { expandRulePath } from "./expand-rule-path.js";
import type { Rule } from "./rule.js";
import type { RuleContext } from "./rule-context.js";

/**
 * Whether every clause the rule has (`if`, `changes`, `exists`) holds; a rule with none (only
 * `when`, say) always matches. Paths get the context's variables expanded first.
 */
export function ruleMatches(rule: Rule, context: RuleContext): boolean {
  const expand = (path: string): string => expandRulePath(path, context.variables);
  if (rule.if !== undefined && !evaluateIf(rule.if, context.variables)) return false;
  if (rule.changes !== undefined) {
    const compareTo =
      rule.changes.compareTo === undefined ? undefined : expand(rule.changes.compareTo);
    if (!context.changes(rule.changes.paths.map(expand), compareTo)) return false;
  }
  return rule.exists === undefined || context.exists(rule.exists.map(expand));
}
