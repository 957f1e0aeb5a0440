import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { globToRegExp } from "../../executor/glob-to-regexp.js";

/** The pipeline's synchronous view of the repository (YAML loading and rules are pure). */
export interface RepositoryFiles {
  readonly readFile: (path: string) => string | undefined;
  /** Files matching a glob (`*` within a folder, `**` across); a plain path if it exists. */
  readonly listFiles: (glob: string) => readonly string[];
  readonly exists: (paths: readonly string[]) => boolean;
  /**
   * rules:changes. Without compare_to, true (GitLab: a push pipeline for a new branch, or
   * without a push event, evaluates changes to true). With compare_to, whether a matching
   * file differs between that ref and the work tree (uncommitted edits included).
   */
  readonly changes: (paths: readonly string[], compareTo: string | undefined) => boolean;
  readonly filesDigest: (
    files: readonly string[],
    basis: "content" | "commits",
  ) => string | undefined;
}

/**
 * `files`: the work tree's files (tracked and untracked-not-ignored), relative to `root`.
 * Reads happen on demand; git runs only for compare_to and key:files_commits.
 */
export function repositoryFiles(root: string, files: readonly string[]): RepositoryFiles {
  const matching = (glob: string): string[] => {
    if (!/[*?[{]/.test(glob)) return existsSync(join(root, glob)) ? [glob] : [];
    const pattern = globToRegExp(glob.replace(/^\.\//, ""));
    return files.filter((file) => pattern.test(file));
  };
  // One diff per compare_to for the whole run: every job's rules ask the same question.
  const changedSince = new Map<string, readonly string[]>();
  const git = (...args: string[]): string =>
    execFileSync("git", ["-C", root, ...args], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  return {
    readFile: (path) => {
      const full = join(root, path);
      return existsSync(full) && statSync(full).isFile() ? readFileSync(full, "utf8") : undefined;
    },
    listFiles: matching,
    exists: (paths) => paths.some((path) => matching(path).length > 0),
    changes: (paths, compareTo) => {
      if (compareTo === undefined) return true;
      let changed = changedSince.get(compareTo);
      if (changed === undefined) {
        changed = git("diff", "--name-only", compareTo, "--").split("\n").filter(Boolean);
        changedSince.set(compareTo, changed);
      }
      return paths.some((glob) => {
        const pattern = globToRegExp(glob.replace(/^\.\//, ""));
        return changed.some((file) => pattern.test(file));
      });
    },
    filesDigest: (globs, basis) => {
      const found = [...new Set(globs.flatMap(matching))].sort();
      if (found.length === 0) return undefined;
      const hash = createHash("sha256");
      for (const file of found) {
        hash.update(`${file}\0`);
        hash.update(
          basis === "content"
            ? readFileSync(join(root, file))
            : git("log", "-1", "--format=%H", "--", file),
        );
      }
      return hash.digest("hex").slice(0, 40);
    },
  };
}
