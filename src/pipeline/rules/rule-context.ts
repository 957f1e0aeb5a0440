/**
 * What evaluating rules needs from outside. The callers do the repository work: glob
 * semantics (GitLab uses File.fnmatch with PATHNAME, DOTMATCH and EXTGLOB) are theirs.
 */
export interface RuleContext {
  readonly variables: ReadonlyMap<string, string>;
  /** Whether any file matching one of `paths` changed relative to `compareTo` (or the default base). */
  changes(paths: readonly string[], compareTo: string | undefined): boolean;
  /** Whether any file matching one of `paths` exists in the project. */
  exists(paths: readonly string[]): boolean;
}
