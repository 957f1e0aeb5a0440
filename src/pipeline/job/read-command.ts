import type { RawNode } from "../raw/raw-node.js";
import { readStringArray } from "./read-string-array.js";

/** `entrypoint` / `command` (Dockerfile exec form): a list of tokens; a lone string is one. */
export function readCommand(node: RawNode): readonly string[] | undefined {
  if (node.isMissing) return undefined;
  if (typeof node.value === "string") return [node.value];
  return readStringArray(node, 'a list of strings such as ["/bin/sh", "-c"]');
}
