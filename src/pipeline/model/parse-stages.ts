import type { RawNode } from "../raw/raw-node.js";
import { readStringList } from "../raw/read-scalar.js";

/** GitLab's stages when `stages:` is absent. */
export const defaultStages = ["build", "test", "deploy"] as const;

/**
 * `stages:` (nested lists flattened) with `.pre` first and `.post` last, as GitLab always
 * has them; duplicates keep their first place.
 */
export function parseStages(node: RawNode): readonly string[] {
  const listed = node.isMissing
    ? [...defaultStages]
    : readStringList(node, "a list of stage names");
  const middle = [...new Set(listed)].filter((stage) => stage !== ".pre" && stage !== ".post");
  return [".pre", ...middle, ".post"];
}
