import type { RawNode } from "../raw/raw-node.js";
import { readBoolean, readInteger } from "../raw/read-scalar.js";
import type { RuleAllowFailure } from "./rule.js";

/** `allow_failure:` of a rule: true/false, or `{exit_codes: code | [codes]}`. */
export function parseRuleAllowFailure(node: RawNode): RuleAllowFailure | undefined {
  if (node.isMissing) return undefined;
  if (!node.isMap) return readBoolean(node);
  for (const key of node.keys()) {
    if (key !== "exit_codes")
      throw node.fail(`unknown key "${key}" in allow_failure; allowed keys: exit_codes`);
  }
  const codes = node.child("exit_codes");
  if (codes.isMissing)
    throw node.fail("allow_failure needs exit_codes: an exit code or a list of them");
  const items = codes.isList ? codes.items() : [codes];
  return { exitCodes: items.map((item) => readInteger(item, 0, 255)) };
}
