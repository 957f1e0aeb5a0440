import { describeRaw, type RawNode } from "../raw/raw-node.js";
import { readString } from "../raw/read-scalar.js";

/** A list of strings (a lone string is not accepted, as GitLab's array-of-strings keys). */
export function readStringArray(node: RawNode, expected = "a list of strings"): readonly string[] {
  if (!node.isList) throw node.fail(`expected ${expected}, got ${describeRaw(node.value)}`);
  return node.items(expected).map((item) => readString(item, `${expected} (each item a string)`));
}
