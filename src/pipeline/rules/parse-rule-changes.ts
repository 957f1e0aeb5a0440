import type { RawNode } from "../raw/raw-node.js";
import { readString } from "../raw/read-scalar.js";
import type { RuleChanges } from "./rule.js";
import { readPathList } from "./read-path-list.js";

/** `changes:` as a list of paths, or `{paths, compare_to}` (paths required). */
export function parseRuleChanges(node: RawNode): RuleChanges | undefined {
  if (node.isMissing) return undefined;
  if (node.isList) return { paths: readPathList(node), compareTo: undefined };
  const expected = "a list of paths or a map with paths and compare_to";
  for (const key of node.keys(expected)) {
    if (key !== "paths" && key !== "compare_to") {
      throw node.fail(`unknown key "${key}" in changes; allowed keys: paths, compare_to`);
    }
  }
  const paths = node.child("paths");
  if (paths.isMissing) throw node.fail("changes needs paths: a list of files or globs");
  const compareTo = node.child("compare_to");
  return {
    paths: readPathList(paths),
    compareTo: compareTo.isMissing ? undefined : readString(compareTo, "a ref or commit SHA"),
  };
}
