import { expandParallel } from "../parallel/expand-parallel.js";
import { evaluateWorkflowRules } from "../rules/evaluate-workflow-rules.js";
import { resolveVariables } from "../variables/resolve-variables.js";
import { includeJob } from "./include-job.js";
import type { IncludedJob } from "./included-job.js";
import { linkJobs } from "./link-jobs.js";
import type { PlanContext } from "./plan-context.js";
import type { PipelineModel } from "./pipeline-model.js";
import type { PlanOutcome } from "./planned-job.js";
import { pairsLayer } from "./rule-variables.js";

/**
 * GitLab's pipeline creation, offline: workflow:rules decide whether there is a pipeline;
 * parallel jobs become their instances; each instance's rules decide whether it is in and
 * how; needs and dependencies are linked to instance names. Pure: the context supplies the
 * run's facts and the repository's files. Needs are checked when the run builds its graph.
 */
export function planPipeline(model: PipelineModel, context: PlanContext): PlanOutcome {
  let workflowVariables: ReadonlyMap<string, string> = new Map();
  if (model.workflow !== undefined) {
    const resolved = resolveVariables([
      pairsLayer("predefined", context.predefined),
      { source: "global", variables: model.variables },
      pairsLayer(
        "pipeline",
        context.pipelineVariables.map((v) => [v.name, v.value]),
      ),
    ]);
    const variables = new Map(resolved.map((v) => [v.name, v.value]));
    const decision = evaluateWorkflowRules(model.workflow, { ...context, variables });
    if (decision.decision === "skip") {
      return {
        kind: "skipped",
        why: "workflow:rules left the pipeline out (no rule matched, or the matching one says never)",
      };
    }
    workflowVariables = decision.variables;
  }
  const included: IncludedJob[] = [];
  for (const definition of model.jobs) {
    const instances =
      definition.parallel === undefined
        ? [undefined]
        : expandParallel(definition.name, definition.parallel);
    for (const instance of instances) {
      const job = includeJob(model, definition, instance, context, workflowVariables);
      if (job !== undefined) included.push(job);
    }
  }
  // GitLab creates no pipeline when rules leave no job in it, nor when only .pre/.post
  // jobs are left ("there must be at least one other job in a different stage").
  if (
    included.every((job) => job.definition.stage === ".pre" || job.definition.stage === ".post")
  ) {
    return {
      kind: "skipped",
      why:
        included.length === 0
          ? "the rules configuration prevented any jobs from being added to the pipeline"
          : "it would have only .pre/.post jobs (GitLab needs a job in another stage)",
    };
  }
  // GitLab creates a pipeline's jobs stage by stage (file order within a stage): job ids,
  // start order among ready jobs and the pipeline view all follow that order.
  const rank = (job: IncludedJob): number => model.stages.indexOf(job.definition.stage);
  const ordered = [...included].sort((a, b) => rank(a) - rank(b)); // stable: file order kept
  return {
    kind: "planned",
    pipeline: {
      stages: model.stages,
      jobs: linkJobs(model, ordered),
      workflowVariables,
    },
  };
}
