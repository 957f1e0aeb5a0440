import type { PipelineModel } from "../../pipeline/model/pipeline-model.js";
import type { RunnableJob } from "../../pipeline/run/runnable-job.js";
import { runnableJobOf } from "../../pipeline/spec/runnable-job-of.js";
import { defaultSize } from "../../sandbox/sandbox-spec.js";
import type { LocalRunOptions } from "./local-run-options.js";
import type { LocalPlan } from "./plan-local.js";
import type { RepositoryFiles } from "./repository-files.host.js";
import type { RunDirectory } from "./run-directory.host.js";

/** Where a local run's jobs find the project (GitLab's builds_dir). */
export const localBuildsDir = "/builds";
const defaultTimeoutMs = 60 * 60 * 1000;

/**
 * The planned jobs of a local run as runnable jobs: ids `pipelineId * 1000 + index + 1`,
 * sources from the run's snapshot, artifacts and caches in its directory, the default size
 * and a one-hour timeout unless the job says otherwise.
 */
export function localRunnableJobs(
  model: PipelineModel,
  plan: LocalPlan,
  run: RunDirectory,
  project: { readonly path: string; readonly repository: RepositoryFiles },
  options: LocalRunOptions,
): readonly RunnableJob[] {
  const { predefined, planned, jobs } = plan;
  const jobIds = new Map(
    jobs.map((job, index) => [job.plan.name, run.pipelineId * 1000 + index + 1]),
  );
  return jobs.map((job) =>
    runnableJobOf(model, job, {
      predefined,
      pipelineVariables: options.variables,
      workflowVariables: planned.workflowVariables,
      projectUrl: predefined.get("CI_PROJECT_URL") ?? "",
      projectDir: `${localBuildsDir}/${project.path}`,
      sourceDir: run.sourceDir,
      jobIdOf: (name) => jobIds.get(name) ?? 0,
      artifactsDirOf: run.artifactsDirOf,
      cacheDirOf: run.cacheDirOf,
      filesDigest: project.repository.filesDigest,
      defaultSize: {
        cpus: defaultSize.cpus,
        memoryMiB: defaultSize.memoryMiB,
        diskMiB: defaultSize.diskMiB,
      },
      network: options.network,
      defaultTimeoutMs,
    }),
  );
}
