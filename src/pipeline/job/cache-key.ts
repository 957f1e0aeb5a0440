import { pipelineError } from "../pipeline-error.js";
import { cacheKeyProblem } from "./cache-key-problem.js";
import type { CacheConfig } from "./parse-cache.js";

/** What computing a cache key needs from outside. */
export interface CacheKeyPorts {
  /** Expands CI/CD variables (`$CI_COMMIT_REF_SLUG`) with the job's variables. */
  readonly expand: (text: string) => string;
  /**
   * A stable hex digest of the listed files (paths or globs relative to the project),
   * or undefined when none of them exists. GitLab hashes the files' content for
   * `key:files` and the SHA of each file's most recent commit for `key:files_commits`;
   * offline, the caller computes the same from the working tree and `git log -1`
   * (falling back to content when the tree is not a git checkout).
   */
  readonly filesDigest: (
    files: readonly string[],
    basis: "content" | "commits",
  ) => string | undefined;
}

/**
 * The final key of `cache`, GitLab's way: text keys expanded; `key:files` keys are the
 * files' digest, or `default` when none exists, with the expanded prefix joined by `-`
 * (`rspec-feef95…`, `rspec-default`). Keys with `/`, `%2F` or only dots are refused.
 * Not modelled: GitLab's `-protected`/`-non_protected` suffix and the cache index that
 * "Clear runner caches" bumps (neither exists offline).
 */
export function cacheKey(cache: Pick<CacheConfig, "key">, ports: CacheKeyPorts): string {
  const key = cache.key;
  let text: string;
  if (key.kind === "text") {
    text = ports.expand(key.text);
  } else {
    const base = ports.filesDigest(key.files, key.basis) ?? "default";
    text = key.prefix === undefined ? base : `${ports.expand(key.prefix)}-${base}`;
  }
  const problem = cacheKeyProblem(text);
  if (problem !== undefined) {
    throw pipelineError(
      undefined,
      "cache:key",
      `${problem}, got ${JSON.stringify(text)}`,
      "Choose a key (or a variable in it) that expands to a plain name, e.g. $CI_COMMIT_REF_SLUG.",
    );
  }
  return text;
}
