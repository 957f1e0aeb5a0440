import type { JobVariable } from "../../job/job-spec.js";
import type { SourceLocation } from "../source-location.js";

/**
 * Where a variable comes from, lowest precedence first, as GitLab documents it
 * (https://docs.gitlab.com/ci/variables/#cicd-variable-precedence, highest first there:
 * pipeline execution / scan execution policy variables, pipeline variables (trigger,
 * schedule, manual run, API), project, group, instance variables, dotenv reports, job
 * variables, top-level (default) variables, deployment variables, predefined variables).
 * The YAML levels in between follow GitLab's code (Gitlab::Ci::Pipeline::Seed::Build and
 * Config::Normalizer): `workflow:rules:variables` override the top level, a
 * `parallel:matrix` combination overrides the job's `variables:`, and the matching rule's
 * `rules:variables` override both. Manual job variables (typed when playing a manual job)
 * rank above pipeline variables.
 */
export const variableSourcesLowestFirst = [
  "predefined",
  "deployment",
  "global",
  "workflow",
  "job",
  "matrix",
  "rule",
  "dotenv",
  "instance",
  "group",
  "project",
  "pipeline",
  "manual-job",
] as const;

export type VariableSource = (typeof variableSourcesLowestFirst)[number];

/** A VariableDefinition fits; so do predefined, dotenv and runner-provided variables. */
export interface LayerVariable {
  readonly name: string;
  readonly value: string;
  /** Default true; false keeps the value literal (`expand: false`, GitLab's "raw"). */
  readonly expand?: boolean;
  readonly masked?: boolean;
  /** The value is written to a file and the variable holds the file's path. */
  readonly file?: boolean;
  /** `test:variables:NAME` when the variable was written in the pipeline, for messages. */
  readonly key?: string;
  readonly location?: SourceLocation | undefined;
}

export interface VariableLayer {
  readonly source: VariableSource;
  /** In definition order; a later variable of the same name wins within the layer. */
  readonly variables: readonly LayerVariable[];
}

export interface ResolvedVariable extends JobVariable {
  readonly source: VariableSource;
}
