import type { ParallelInstance } from "../parallel/parallel.js";
import type { LayerVariable, VariableLayer } from "../variables/variable-layer.js";
import type { VariableDefinition } from "../variables/variable-definition.js";
import type { JobDefinition } from "./job-definition.js";
import { inheritedGlobals, pairsLayer } from "./rule-variables.js";

export interface JobLayerSources {
  /** Pipeline- and job-level predefined variables (CI_*). */
  readonly predefined: Iterable<readonly [string, string]>;
  /** The pipeline's top-level `variables:` (the job inherits them per `inherit:variables`). */
  readonly globals: readonly VariableDefinition[];
  readonly definition: JobDefinition;
  readonly instance: ParallelInstance | undefined;
  readonly workflow: ReadonlyMap<string, string>;
  /** The matching rule's `variables:`, once rules have been evaluated. */
  readonly rule?: ReadonlyMap<string, string>;
  /** Dotenv reports of the jobs it depends on, once they have run. */
  readonly dotenv?: readonly { readonly name: string; readonly value: string }[];
  /** `--variable` and `--secret` values. */
  readonly pipeline: readonly LayerVariable[];
}

/**
 * A job's variables as GitLab ranks them, lowest first: predefined, global, workflow, job,
 * matrix, rule, dotenv, pipeline. The one place this order is written: rules are evaluated
 * with the layers known before them, the job runs with all of them.
 */
export function jobVariableLayers(sources: JobLayerSources): VariableLayer[] {
  const { definition, instance } = sources;
  return [
    pairsLayer("predefined", sources.predefined),
    { source: "global", variables: inheritedGlobals(sources.globals, definition.inherit) },
    pairsLayer("workflow", sources.workflow),
    { source: "job", variables: definition.variables },
    pairsLayer(
      "matrix",
      (instance?.matrixVariables ?? []).map((v) => [v.name, v.value]),
    ),
    pairsLayer("rule", sources.rule ?? new Map()),
    pairsLayer(
      "dotenv",
      (sources.dotenv ?? []).map((v) => [v.name, v.value]),
    ),
    { source: "pipeline", variables: sources.pipeline },
  ];
}
