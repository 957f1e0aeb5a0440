import type { SourceLocation } from "../source-location.js";

/**
 * Where a `variables:` map is written; GitLab allows different map forms in each:
 * top level `{value, description, expand, options}`, a job `{value, expand}`,
 * `rules:variables` and `workflow:rules:variables` plain values only.
 * (`default:` has no `variables:` keyword in GitLab.)
 */
export type VariableScope = "global" | "job" | "rules";

/** One entry of a `variables:` map, read from YAML. Never masked, never a file. */
export interface VariableDefinition {
  readonly name: string;
  readonly value: string;
  /** false keeps `$` literal (GitLab's `expand: false`, a "raw" variable). */
  readonly expand: boolean;
  /** Only at top level: shown by GitLab's "Run pipeline" form. */
  readonly description: string | undefined;
  /** Only at top level: the values the "Run pipeline" form offers; `value` is one of them. */
  readonly options: readonly string[] | undefined;
  /** `test:variables:NAME`, for messages. */
  readonly key: string;
  readonly location: SourceLocation | undefined;
}
