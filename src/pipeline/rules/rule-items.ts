import type { RawNode } from "../raw/raw-node.js";

/**
 * The rule maps of a `rules:` list. Nested lists (what `!reference [.x, rules]` leaves as an
 * item) are flattened in order, as GitLab does.
 */
export function ruleItems(node: RawNode): readonly RawNode[] {
  return node.items("a list of rules").flatMap((item) => (item.isList ? ruleItems(item) : [item]));
}
