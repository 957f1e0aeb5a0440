import type { RawNode } from "../raw/raw-node.js";
import { readString } from "../raw/read-scalar.js";

/** GitLab's limit on paths in one `changes` or `exists`. */
const maxPaths = 50;

/** A list of path strings (for `changes` and `exists`), at most 50 as in GitLab. */
export function readPathList(node: RawNode): readonly string[] {
  const expected = "a list of file paths or globs";
  const paths = node.items(expected).map((item) => readString(item, "a file path or glob"));
  if (paths.length > maxPaths) {
    throw node.fail(`has too many entries (${paths.length}); GitLab allows at most ${maxPaths}`);
  }
  return paths;
}
