import type { RawNode } from "../raw/raw-node.js";

/** `read(node)` when the key is present (null counts as present), else `fallback`. */
export function readOptional<T>(node: RawNode, read: (node: RawNode) => T, fallback: T): T {
  return node.isMissing ? fallback : read(node);
}
