import type { Need } from "../job/parse-needs.js";
import type { MatrixEntry as NeedsMatrixEntry } from "../job/parse-matrix.js";
import { pipelineError } from "../pipeline-error.js";
import type { MatrixEntry } from "../parallel/parallel.js";
import { selectParallelInstances } from "../parallel/select-parallel-instances.js";
import type { PlanNeed } from "../plan/plan-job.js";
import type { IncludedJob } from "./included-job.js";
import type { PipelineModel } from "./pipeline-model.js";
import type { PlannedJob } from "./planned-job.js";

/**
 * Turns job names in `needs` and `dependencies` into instance names (a parallel job's name
 * means all its instances; `needs:parallel:matrix` selects some) and decides whose
 * artifacts each job receives: its needs with `artifacts: true` (only those also in
 * `dependencies` when it has both); else its `dependencies`; else every job of every
 * earlier stage (GitLab's default).
 */
export function linkJobs(model: PipelineModel, included: readonly IncludedJob[]): PlannedJob[] {
  const stageIndex = (stage: string): number => model.stages.indexOf(stage);
  const instancesOf = (name: string, matrix: readonly NeedsMatrixEntry[] | undefined): string[] => {
    const definition = model.jobs.find((job) => job.name === name);
    if (definition?.parallel === undefined) return [name];
    const selection = matrix === undefined ? undefined : matrix.map(toParallelEntry);
    return [...selectParallelInstances(name, definition.parallel, selection)];
  };
  const present = new Set(included.map((job) => job.name));
  return included.map((job): PlannedJob => {
    const needs: PlanNeed[] | undefined = job.needs?.flatMap((need: Need) =>
      instancesOf(need.job, need.matrix).map((instance) => ({
        job: instance,
        optional: need.optional,
      })),
    );
    let artifactsFrom: string[];
    if (job.needs !== undefined) {
      // With both, GitLab downloads from the needs that `dependencies` also lists.
      const listed = job.definition.dependencies;
      artifactsFrom = job.needs
        .filter((need) => need.artifacts && (listed === undefined || listed.includes(need.job)))
        .flatMap((need) => instancesOf(need.job, need.matrix))
        .filter((name) => present.has(name));
    } else if (job.definition.dependencies !== undefined) {
      artifactsFrom = job.definition.dependencies.flatMap((name) => {
        const definition = model.jobs.find((other) => other.name === name);
        if (
          definition === undefined ||
          stageIndex(definition.stage) >= stageIndex(job.definition.stage)
        ) {
          throw pipelineError(
            job.definition.node.child("dependencies").location,
            `${job.definition.name}:dependencies`,
            `dependency ${name} is not defined in prior stages`,
          );
        }
        return instancesOf(name, undefined).filter((instance) => present.has(instance));
      });
    } else {
      artifactsFrom = included
        .filter((other) => stageIndex(other.definition.stage) < stageIndex(job.definition.stage))
        .map((other) => other.name);
    }
    return {
      definition: job.definition,
      plan: {
        name: job.name,
        stage: job.definition.stage,
        needs,
        when: job.when,
        blocking: job.when === "manual" && job.allowFailure === false,
        needsLocation: job.definition.node.child("needs").location,
      },
      instance: job.instance,
      startIn: job.startIn,
      allowFailure: job.allowFailure,
      ruleVariables: job.ruleVariables,
      artifactsFrom,
    };
  });
}

function toParallelEntry(entry: NeedsMatrixEntry): MatrixEntry {
  return [...entry].map(([name, values]) => ({ name, values }));
}
