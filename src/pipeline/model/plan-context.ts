/** What planning needs from outside the YAML: the run's facts and the repository's files. */
export interface PlanContext {
  /** Pipeline-level predefined variables (CI_COMMIT_*, CI_PROJECT_*...). */
  readonly predefined: ReadonlyMap<string, string>;
  /** `--variable` values: GitLab's pipeline variables, the highest precedence here. */
  readonly pipelineVariables: readonly { readonly name: string; readonly value: string }[];
  readonly ref: string;
  readonly isTag: boolean;
  readonly projectPath: string;
  /** rules:changes; globs relative to the project root. */
  changes(paths: readonly string[], compareTo: string | undefined): boolean;
  /** rules:exists; globs relative to the project root. */
  exists(paths: readonly string[]): boolean;
}
