import type { RawNode } from "../raw/raw-node.js";
import { readBoolean } from "../raw/read-scalar.js";

/** `interruptible`: true or false (GitLab's default is false). */
export function parseInterruptible(node: RawNode): boolean {
  return readBoolean(node);
}
