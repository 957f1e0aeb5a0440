/** The pipeline facts `only`/`except` are evaluated against. */
export interface OnlyExceptContext {
  /** The branch or tag name (`CI_COMMIT_REF_NAME`). */
  readonly ref: string;
  readonly isTag: boolean;
  /** `CI_PIPELINE_SOURCE`: `push` for local runs, `schedule`, `web`, `merge_request_event`, ... */
  readonly source: string;
  readonly variables: ReadonlyMap<string, string>;
  /** Whether any file matching one of `paths` changed in this push (see RuleContext). */
  changes(paths: readonly string[], compareTo: string | undefined): boolean;
  /** `group/project`, for refs written `main@group/project`; such refs never match without it. */
  readonly projectPath?: string | undefined;
}
