import { setMaxListeners } from "node:events";
import { rm } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import type { PipelineModel } from "../../pipeline/model/pipeline-model.js";
import { runPipeline } from "../../pipeline/run/run-pipeline.js";
import type { SandboxBackend } from "../../sandbox/sandbox.js";
import { sandboxBackendFor } from "../sandbox-backend-for.js";
import { artifactsToSource } from "./artifacts-to-source.host.js";
import { coverageTracker } from "./coverage-tracker.js";
import { defaultConcurrency } from "./default-concurrency.js";
import { runPullSettings } from "./image-pull-settings.js";
import { jobExecutor } from "./job-executor.js";
import { jobSummaries } from "./job-summaries.js";
import type { WorkTree } from "./list-work-tree.host.js";
import type { LocalRunOptions } from "./local-run-options.js";
import { localRunnableJobs } from "./local-runnable-jobs.js";
import { manualWaits } from "./manual-waits.js";
import type { LocalPlan } from "./plan-local.js";
import { formatSummary } from "./report/job-summary.js";
import { plainReporter } from "./report/plain-reporter.js";
import { ttyReporter } from "./report/tty-reporter.js";
import type { RepositoryFiles } from "./repository-files.host.js";
import type { RunDirectory } from "./run-directory.host.js";
import { snapshotTree } from "./snapshot-tree.host.js";

/** A planned local pipeline and where it runs (see runLocalPipeline). */
export interface LocalJobsRun {
  readonly options: LocalRunOptions;
  readonly model: PipelineModel;
  readonly plan: LocalPlan;
  /** The run's claimed directory: removed here when the backend cannot be made. */
  readonly run: RunDirectory;
  /** The work tree's top level: snapshotted, and where --artifacts-to-source copies. */
  readonly topLevel: string;
  readonly tree: WorkTree;
  readonly project: { readonly path: string; readonly repository: RepositoryFiles };
  readonly out: (text: string) => boolean;
}

/**
 * Runs the planned jobs of `airlock run`, each in a fresh sandbox: the backend is made first
 * (one this host cannot use fails before anything is copied), then the work tree is
 * snapshotted into the run's source directory (removed at the end, also on failure). SIGINT
 * and SIGTERM cancel running jobs. Prints the summary; returns the exit status (0 passed,
 * 1 failed, 130 interrupted).
 */
export async function runLocalJobs(local: LocalJobsRun): Promise<number> {
  const { options, plan, run, topLevel, out } = local;
  const { jobs } = plan;
  const dnsRoutes = new Map<string, (line: string) => void>();
  let backend: SandboxBackend;
  try {
    backend = sandboxBackendFor(
      options.backend,
      options.logger,
      (id, line) => dnsRoutes.get(id)?.(line),
      { allowTcg: options.allowTcg === true },
    );
  } catch (error: unknown) {
    await rm(run.dir, { recursive: true, force: true });
    throw error;
  }
  await snapshotTree(topLevel, local.tree, run.sourceDir);
  const runnable = localRunnableJobs(local.model, plan, run, local.project, options);
  const reporter = options.plain ? plainReporter(out) : ttyReporter(out, Date.now);
  const execute = jobExecutor(
    backend,
    { ...options, runnerNetwork: options.network, pull: runPullSettings(process.env) },
    options.logger,
    dnsRoutes,
  );
  const coverage = coverageTracker(jobs);
  const summaries = jobSummaries();
  const abort = new AbortController();
  // Every running job's exec listens on this one signal: no listener limit applies.
  setMaxListeners(0, abort.signal);
  const onSignal = (): void => abort.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const result = await runPipeline({
      jobs: runnable,
      stages: plan.planned.stages,
      manual: new Set(options.manual),
      concurrency: options.concurrency ?? defaultConcurrency(),
      execute,
      artifactsDirOf: run.artifactsDirOf,
      signal: abort.signal,
      wait: (ms, signal) => sleep(ms, undefined, { signal }).catch(() => undefined),
      events: {
        ...reporter,
        jobLog: (job, line) => {
          reporter.jobLog(job, line);
          coverage.see(job, line);
        },
        jobEnded: (job, outcome, result, final) => {
          reporter.jobEnded(job, outcome, result, final);
          summaries.record(job, outcome, result, coverage.of(job));
        },
      },
    });
    const ordered = jobs.map((job) =>
      summaries.of(job.plan.name, result.results.get(job.plan.name) ?? "skipped"),
    );
    const { waitingFor, blocked } = manualWaits(jobs, result.results);
    const status = !result.succeeded ? "failed" : blocked ? "blocked" : "passed";
    reporter.finish([
      ...formatSummary(ordered),
      "",
      `Pipeline ${String(run.pipelineId)} ${status}; artifacts in ${run.dir}/artifacts`,
      ...(waitingFor.length === 0
        ? []
        : [
            `Waiting for manual job${waitingFor.length > 1 ? "s" : ""} ${waitingFor.join(", ")}: start with ${waitingFor.map((name) => `--manual ${JSON.stringify(name)}`).join(" ")}`,
          ]),
    ]);
    if (options.artifactsToSource) {
      const names = jobs.map((job) => job.plan.name);
      const copied = await artifactsToSource(names, run.artifactsDirOf, topLevel);
      out(`Copied the artifacts of ${String(copied)} job(s) into ${topLevel}\n`);
    }
    if (abort.signal.aborted) {
      process.stderr.write(
        "airlock: interrupted; running jobs were canceled and their sandboxes destroyed\n",
      );
      return 130;
    }
    return result.succeeded ? 0 : 1;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await rm(run.sourceDir, { recursive: true, force: true });
  }
}
