import type { RawNode } from "../raw/raw-node.js";
import { readPathList } from "./read-path-list.js";

/**
 * `exists:` as a path, a list of paths, or `{paths}`. `project` and `ref` (look in another
 * project) need the GitLab API, so they fail: airlock only sees the local checkout.
 */
export function parseRuleExists(node: RawNode): readonly string[] | undefined {
  if (node.isMissing) return undefined;
  if (typeof node.value === "string") return [node.value];
  if (node.isList) return readPathList(node);
  for (const key of node.keys("a list of paths or a map with paths")) {
    if (key === "project" || key === "ref") {
      throw node
        .child(key)
        .fail(
          "exists in another project is not supported: airlock runs offline and only sees the local checkout",
          "remove project and ref, or check the other project's files in the job's script",
        );
    }
    if (key !== "paths")
      throw node.fail(`unknown key "${key}" in exists; allowed keys: paths, project, ref`);
  }
  const paths = node.child("paths");
  if (paths.isMissing) throw node.fail("exists needs paths: a list of files or globs");
  return readPathList(paths);
}
