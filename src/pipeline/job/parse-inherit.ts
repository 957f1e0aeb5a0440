import { pipelineError } from "../pipeline-error.js";
import type { RawNode } from "../raw/raw-node.js";
import { checkKeys } from "./check-keys.js";
import { didYouMean } from "./did-you-mean.js";
import { defaultKeywords, type DefaultKeyword } from "./job-keywords.js";
import { readStringArray } from "./read-string-array.js";

export interface InheritConfig {
  /** true: every `default:` keyword; false: none; a list: only those. */
  readonly default: boolean | readonly DefaultKeyword[];
  /** true: every top-level variable; false: none; a list: only those. */
  readonly variables: boolean | readonly string[];
}

/** `inherit:` with GitLab's defaults (`default: true`, `variables: true`). */
export function parseInherit(node: RawNode): InheritConfig {
  checkKeys(node, ["default", "variables"], "inherit");
  return {
    default: readDefaultInherit(node.child("default")),
    variables: readInheritList(node.child("variables"), "a list of variable names"),
  };
}

function readInheritList(node: RawNode, expected: string): boolean | readonly string[] {
  if (node.isMissing) return true;
  if (typeof node.value === "boolean") return node.value;
  return readStringArray(node, `true, false or ${expected}`);
}

function readDefaultInherit(node: RawNode): boolean | readonly DefaultKeyword[] {
  const value = readInheritList(node, "a list of default keywords");
  if (typeof value === "boolean") return value;
  return value.map((name, index) => {
    const keyword = defaultKeywords.find((candidate) => candidate === name);
    if (keyword !== undefined) return keyword;
    const near = didYouMean(name, defaultKeywords);
    throw pipelineError(
      node.child(index).location,
      node.child(index).key,
      `unknown default keyword ${JSON.stringify(name)}; expected one of: ${defaultKeywords.join(", ")}`,
      near === undefined ? undefined : `Did you mean ${JSON.stringify(near)}?`,
    );
  });
}
