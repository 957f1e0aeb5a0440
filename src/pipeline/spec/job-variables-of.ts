import type { JobVariable } from "../../job/job-spec.js";
import { jobVariableLayers } from "../model/job-variable-layers.js";
import type { PlannedJob } from "../model/planned-job.js";
import type { PipelineModel } from "../model/pipeline-model.js";
import { jobPredefinedVariables } from "../predefined/job-predefined-variables.js";
import { resolveVariables } from "../variables/resolve-variables.js";
import type { SpecContext } from "./spec-context.js";

/**
 * Every variable one run of a job gets, in GitLab's precedence (lowest first: predefined,
 * global, workflow, job, matrix, rule, dotenv of its dependencies, pipeline), expanded.
 */
export function jobVariablesOf(
  model: PipelineModel,
  job: PlannedJob,
  context: SpecContext,
  dotenv: readonly { readonly name: string; readonly value: string }[],
): readonly JobVariable[] {
  const id = context.jobIdOf(job.plan.name);
  const instance = job.instance;
  const predefined = [
    ...context.predefined,
    ...jobPredefinedVariables({
      id,
      name: job.plan.name,
      stage: job.plan.stage,
      projectUrl: context.projectUrl,
      node: instance === undefined ? undefined : { index: instance.index, total: instance.total },
      manual: job.plan.when === "manual",
      image: job.definition.image?.name,
    }),
  ];
  const resolved = resolveVariables(
    jobVariableLayers({
      predefined,
      globals: model.variables,
      definition: job.definition,
      instance,
      workflow: context.workflowVariables,
      rule: job.ruleVariables,
      dotenv,
      pipeline: context.pipelineVariables,
    }),
  );
  return resolved.map(({ name, value, masked, file }) => ({ name, value, masked, file }));
}
