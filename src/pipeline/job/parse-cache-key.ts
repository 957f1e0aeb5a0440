import type { RawNode } from "../raw/raw-node.js";
import { readOptionalString, readString } from "../raw/read-scalar.js";
import { cacheKeyProblem } from "./cache-key-problem.js";
import { checkKeys } from "./check-keys.js";
import { readStringArray } from "./read-string-array.js";

/**
 * A cache key as written: text (may hold CI/CD variables), or derived from files, by their
 * content (`files`) or by their latest commits (`files_commits`), with an optional prefix.
 */
export type CacheKeyConfig =
  | { readonly kind: "text"; readonly text: string }
  | {
      readonly kind: "files";
      readonly basis: "content" | "commits";
      readonly files: readonly string[];
      readonly prefix: string | undefined;
    };

/** GitLab's limit on `cache:key:files` and `cache:key:files_commits`. */
export const maxKeyFiles = 2;

/** `cache:key`; an absent key is GitLab's `default`. */
export function parseCacheKey(node: RawNode): CacheKeyConfig {
  if (node.isMissing) return { kind: "text", text: "default" };
  if (!node.isMap) {
    const text = readString(node, "a string or a map with files:");
    const problem = cacheKeyProblem(text);
    if (problem !== undefined) throw node.fail(`${problem}, got ${JSON.stringify(text)}`);
    return { kind: "text", text };
  }
  checkKeys(node, ["files", "files_commits", "prefix"], "cache:key");
  const files = node.child("files");
  const commits = node.child("files_commits");
  if (!files.isMissing && !commits.isMissing) {
    throw commits.fail("expected either files: or files_commits:, got both");
  }
  if (files.isMissing && commits.isMissing) {
    throw node.fail("expected files: or files_commits: in a cache:key map");
  }
  const list = files.isMissing ? commits : files;
  return {
    kind: "files",
    basis: files.isMissing ? "commits" : "content",
    files: readKeyFiles(list),
    prefix: readOptionalString(node.child("prefix")),
  };
}

function readKeyFiles(node: RawNode): readonly string[] {
  const files = readStringArray(node, "a list of one or two file paths");
  if (files.length === 0 || files.length > maxKeyFiles) {
    throw node.fail(`expected one or ${maxKeyFiles} file paths, got ${files.length}`);
  }
  return files;
}
