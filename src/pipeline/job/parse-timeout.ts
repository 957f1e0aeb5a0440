import type { RawNode } from "../raw/raw-node.js";
import { readDurationText } from "./read-duration-text.js";

/** `timeout`: a duration in natural language (`3h 30m`, `1 hour`), kept as text. */
export function parseTimeout(node: RawNode): string {
  return readDurationText(node, "3h 30m");
}
