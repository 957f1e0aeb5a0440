import type { RawNode } from "../raw/raw-node.js";
import { readStringArray } from "./read-string-array.js";

/** `dependencies`: the jobs whose artifacts to fetch; `[]` fetches none. */
export function parseDependencies(node: RawNode): readonly string[] {
  return readStringArray(node, "a list of job names");
}
