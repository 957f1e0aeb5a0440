import type { IfExpression } from "./if-expression.js";

/** One `only`/`except` ref: a name or keyword, or a regex; `@group/project` limits it to a project. */
export interface RefPattern {
  /** As written before any `@`: `main`, `branches`, `/^release-.*$/i`. */
  readonly ref: string;
  /** Set when `ref` is `/pattern/flags`: matched against branch and tag names. */
  readonly regexp: RegExp | undefined;
  readonly projectPath: string | undefined;
}

/**
 * `only:` or `except:` in the map form (the list form is `{refs}`). Absent keys are
 * undefined. For `only`, refs defaults to `branches, tags` as in GitLab.
 */
export interface OnlyExceptPolicy {
  readonly refs: readonly RefPattern[] | undefined;
  readonly variables: readonly IfExpression[] | undefined;
  readonly changes: readonly string[] | undefined;
  readonly kubernetes: "active" | undefined;
}
