import type { Rule } from "../rules/rule.js";
import type { VariableDefinition } from "../variables/variable-definition.js";
import type { JobDefinition } from "./job-definition.js";

/** A whole validated pipeline, before rules are evaluated. */
export interface PipelineModel {
  /** In order, `.pre` first and `.post` last. */
  readonly stages: readonly string[];
  readonly variables: readonly VariableDefinition[];
  /** undefined: no `workflow:rules` (the pipeline always runs). */
  readonly workflow: readonly Rule[] | undefined;
  /** Visible jobs in file order (hidden `.jobs` are templates only). */
  readonly jobs: readonly JobDefinition[];
}
