import type { RawNode } from "../raw/raw-node.js";
import { readString } from "../raw/read-scalar.js";
import type { RuleWhen } from "./rule.js";

/** `when` of a rule: one of `allowed`, or undefined when absent. */
export function readRuleWhen(node: RawNode, allowed: readonly RuleWhen[]): RuleWhen | undefined {
  if (node.isMissing) return undefined;
  const expected = `one of ${allowed.join(", ")}`;
  const value = readString(node, expected);
  const when = allowed.find((candidate) => candidate === value);
  if (when === undefined) throw node.fail(`expected ${expected}, got ${JSON.stringify(value)}`);
  return when;
}
