import type { RawNode } from "../raw/raw-node.js";
import { checkKeys } from "./check-keys.js";
import { defaultKeywords, type DefaultKeyword } from "./job-keywords.js";

/** The keys of `default:`, each checked against GitLab's inheritable keywords. */
export function parseDefaultKeys(node: RawNode): readonly DefaultKeyword[] {
  return checkKeys(node, defaultKeywords, "default:");
}
