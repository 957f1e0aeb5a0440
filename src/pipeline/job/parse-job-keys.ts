import type { RawNode } from "../raw/raw-node.js";
import { checkKeys } from "./check-keys.js";
import { jobKeywords, type JobKeyword } from "./job-keywords.js";

/** A job's keys, each checked against GitLab's job keywords (near misses get a suggestion). */
export function parseJobKeys(node: RawNode): readonly JobKeyword[] {
  return checkKeys(node, jobKeywords, "a job");
}
