import { describeRaw, type RawNode } from "../raw/raw-node.js";

/** `variables:` of a rule: names to text; numbers and booleans become their text (`1`, `true`). */
export function parseRuleVariables(node: RawNode): ReadonlyMap<string, string> {
  const variables = new Map<string, string>();
  if (node.isMissing) return variables;
  for (const name of node.keys("a map of variable names to values")) {
    const value: unknown = node.child(name).value;
    if (typeof value === "string") variables.set(name, value);
    else if (typeof value === "number" || typeof value === "boolean")
      variables.set(name, String(value));
    else {
      throw node
        .child(name)
        .fail(`expected a string, number or boolean value, got ${describeRaw(value)}`);
    }
  }
  return variables;
}
