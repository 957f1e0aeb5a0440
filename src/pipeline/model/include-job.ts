import { parseNeeds } from "../job/parse-needs.js";
import type { ParallelInstance } from "../parallel/parallel.js";
import type { PlanWhen } from "../plan/plan-job.js";
import { jobPredefinedVariables } from "../predefined/job-predefined-variables.js";
import { evaluateJobInclusion } from "../rules/evaluate-job-inclusion.js";
import { resolveVariables } from "../variables/resolve-variables.js";
import type { IncludedJob } from "./included-job.js";
import { jobVariableLayers } from "./job-variable-layers.js";
import type { JobDefinition } from "./job-definition.js";
import type { PlanContext } from "./plan-context.js";
import type { PipelineModel } from "./pipeline-model.js";

/**
 * Whether one job instance is in the pipeline, GitLab's way: its rules (or only/except) are
 * evaluated with every variable a job sees except job ids; `when: never` leaves it out. The
 * effective `allow_failure` defaults to true only for a job-level `when: manual` (GitLab:
 * manual jobs from rules default to false).
 */
export function includeJob(
  model: PipelineModel,
  definition: JobDefinition,
  instance: ParallelInstance | undefined,
  context: PlanContext,
  workflowVariables: ReadonlyMap<string, string>,
): IncludedJob | undefined {
  const name = instance?.name ?? definition.name;
  const jobVariables = jobPredefinedVariables({
    id: 0,
    name,
    stage: definition.stage,
    projectUrl: "",
    node: instance === undefined ? undefined : { index: instance.index, total: instance.total },
    manual: false,
  });
  const predefined = [...context.predefined, ...jobVariables].filter(
    ([key]) => key !== "CI_JOB_ID" && key !== "CI_JOB_URL",
  );
  const layers = jobVariableLayers({
    predefined,
    globals: model.variables,
    definition,
    instance,
    workflow: workflowVariables,
    pipeline: context.pipelineVariables,
  });
  const variables = new Map(resolveVariables(layers).map((v) => [v.name, v.value]));
  const outcome = evaluateJobInclusion(definition.inclusion, {
    ...context,
    variables,
    source: "push",
  });
  if (outcome === undefined || outcome.when === "never") return undefined;
  const fromRule = outcome.when !== "absent";
  const jobWhen = definition.when.when === "never" ? "on_success" : definition.when.when;
  const when: PlanWhen = outcome.when === "absent" ? jobWhen : outcome.when;
  return {
    name,
    definition,
    instance,
    when,
    startIn: fromRule ? outcome.startIn : definition.when.startIn,
    allowFailure:
      outcome.allowFailure ?? definition.allowFailure ?? (when === "manual" && !fromRule),
    ruleVariables: outcome.variables,
    needs: outcome.needs === undefined ? definition.needs : parseNeeds(outcome.needs),
  };
}
