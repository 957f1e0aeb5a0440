import type { PipelineModel } from "../../pipeline/model/pipeline-model.js";
import { planPipeline } from "../../pipeline/model/plan-pipeline.js";
import type { PlannedJob, PlannedPipeline } from "../../pipeline/model/planned-job.js";
import type { GitFacts } from "../../pipeline/predefined/git-facts.js";
import type { PipelineIdentity } from "../../pipeline/predefined/pipeline-identity.js";
import { predefinedVariables } from "../../pipeline/predefined/predefined-variables.js";
import { buildGraph } from "../../pipeline/plan/build-graph.js";
import type { LocalRunOptions } from "./local-run-options.js";
import type { RepositoryFiles } from "./repository-files.host.js";
import { selectJobs } from "./select-jobs.js";

/** The pipeline `airlock run` creates: its predefined variables, the plan, the jobs to run. */
export interface LocalPlan {
  readonly predefined: ReadonlyMap<string, string>;
  readonly planned: PlannedPipeline;
  readonly jobs: readonly PlannedJob[];
}

/**
 * GitLab's pipeline creation for this run: predefined variables, workflow and job rules,
 * the jobs selected on the command line, and the needs graph checked (cycles and needs of
 * later-stage or missing jobs are errors, as GitLab reports them at creation), or why there
 * is no pipeline (workflow:rules, or rules that leave no job).
 */
export function planLocal(
  model: PipelineModel,
  git: GitFacts,
  identity: PipelineIdentity,
  projectPath: string,
  repository: RepositoryFiles,
  options: LocalRunOptions,
): LocalPlan | { readonly why: string } {
  const predefined = predefinedVariables(git, identity);
  const planned = planPipeline(model, {
    predefined,
    pipelineVariables: options.variables,
    ref: git.tag ?? git.branch ?? git.sha,
    isTag: git.tag !== undefined,
    projectPath,
    changes: repository.changes,
    exists: repository.exists,
  });
  if (planned.kind === "skipped") return { why: planned.why };
  const jobs = selectJobs(planned.pipeline.jobs, options);
  buildGraph(
    jobs.map((job) => job.plan),
    planned.pipeline.stages,
  );
  return { predefined, planned: planned.pipeline, jobs };
}
