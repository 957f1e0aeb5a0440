import type { RawNode } from "../raw/raw-node.js";
import { readStringArray } from "./read-string-array.js";

/** GitLab documents that a job's tags "must be less than 50". */
export const maxTags = 49;

/** `tags`: a list of case-sensitive runner tags (may hold CI/CD variables). */
export function parseTags(node: RawNode): readonly string[] {
  const tags = readStringArray(node, "a list of tags");
  if (tags.length > maxTags) throw node.fail(`expected fewer than 50 tags, got ${tags.length}`);
  return tags;
}
