import type { JobOutcome } from "../../job/job-outcome.js";
import type { JobDependency, JobSpec } from "../../job/job-spec.js";
import { buildGraph } from "../plan/build-graph.js";
import type { PlanResult } from "../plan/plan-job.js";
import { PipelineSchedule } from "../plan/pipeline-schedule.js";
import { isAllowedFailure } from "./allowed-failure.js";
import type { RunnableJob } from "./runnable-job.js";
import { shouldRetry } from "./should-retry.js";

/** What the caller sees of the run as it happens (a reporter). */
export interface PipelineEvents {
  jobStarted(job: string, attempt: number): void;
  jobLog(job: string, line: string): void;
  /** One run of a job ended; `final` is false when it will be retried. */
  jobEnded(job: string, outcome: JobOutcome, result: PlanResult, final: boolean): void;
  /** A job that will not run (`skipped`, `manual`, `blocked`). */
  jobSettled(job: string, result: PlanResult): void;
}

export interface RunPipelineRequest {
  readonly jobs: readonly RunnableJob[];
  readonly stages: readonly string[];
  readonly manual: ReadonlySet<string>;
  readonly concurrency: number;
  /** Runs one JobSpec in a fresh sandbox (the executor). */
  execute(spec: JobSpec, onLog: (line: string) => void, signal: AbortSignal): Promise<JobOutcome>;
  /** Where a job's collected artifacts are on the host (to restore into later jobs). */
  artifactsDirOf(job: string): string;
  readonly events: PipelineEvents;
  readonly signal: AbortSignal;
  /** Resolves after `ms`, or at once when `signal` aborts (the clock is a port). */
  wait(ms: number, signal: AbortSignal): Promise<void>;
}

export interface PipelineResult {
  readonly results: ReadonlyMap<string, PlanResult>;
  readonly succeeded: boolean;
}

/**
 * Runs a planned pipeline: starts each job the moment its predecessors are final, at most
 * `concurrency` at once, retries in a new run (a new sandbox) per `retry`, and passes
 * artifacts and dotenv variables on. Aborting `signal` cancels running jobs and starts no
 * new ones. The pipeline succeeds when no job ended `failed` or `canceled`.
 */
export async function runPipeline(request: RunPipelineRequest): Promise<PipelineResult> {
  const byName = new Map(request.jobs.map((job) => [job.plan.name, job]));
  const plans = request.jobs.map((job) => job.plan);
  const schedule = new PipelineSchedule(plans, buildGraph(plans, request.stages), request.manual);
  const dotenvByJob = new Map<string, JobOutcome["dotenv"]>();
  const running = new Map<string, Promise<void>>();
  const queue: RunnableJob[] = [];
  const reported = new Set<string>();

  const settleNew = (): void => {
    for (const [name, result] of schedule.resultByJob) {
      if (reported.has(name)) continue;
      reported.add(name);
      if (result === "skipped" || result === "manual" || result === "blocked") {
        request.events.jobSettled(name, result);
      }
    }
  };

  const runOne = async (job: RunnableJob): Promise<void> => {
    const name = job.plan.name;
    const dependencies: JobDependency[] = job.artifactsFrom
      .filter((from) => ranResults.has(schedule.resultByJob.get(from) ?? "skipped"))
      .map((from) => ({ jobName: from, hostDir: request.artifactsDirOf(from) }));
    const dotenv = job.artifactsFrom.flatMap((from) => dotenvByJob.get(from) ?? []);
    if (job.delayMs > 0 && !request.signal.aborted) {
      request.events.jobLog(
        name,
        `Delayed: waiting ${String(job.delayMs / 1000)} s (when: delayed, start_in)`,
      );
      await request.wait(job.delayMs, request.signal);
    }
    for (let attempt = 1; ; attempt++) {
      request.events.jobStarted(name, attempt);
      const outcome = request.signal.aborted
        ? canceledOutcome
        : await request.execute(
            job.spec({ dependencies, dotenv, attempt }),
            (line) => request.events.jobLog(name, line),
            request.signal,
          );
      const retry = !request.signal.aborted && shouldRetry(outcome, job.retry, attempt);
      const result = resultOf(job, outcome);
      request.events.jobEnded(name, outcome, result, !retry);
      if (retry) continue;
      dotenvByJob.set(name, outcome.dotenv);
      schedule.finish(name, result);
      return;
    }
  };

  for (;;) {
    if (!request.signal.aborted) {
      for (const plan of schedule.startable()) {
        const job = byName.get(plan.name);
        if (job !== undefined) queue.push(job);
      }
    }
    settleNew();
    while (running.size < request.concurrency && queue.length > 0) {
      const job = queue.shift();
      if (job === undefined) break;
      running.set(
        job.plan.name,
        runOne(job).finally(() => running.delete(job.plan.name)),
      );
    }
    if (running.size === 0) break;
    await Promise.race(running.values());
  }
  for (const job of request.jobs) {
    if (!schedule.resultByJob.has(job.plan.name)) {
      schedule.finish(job.plan.name, "canceled");
      request.events.jobSettled(job.plan.name, "canceled");
    }
  }
  const results = schedule.resultByJob;
  const succeeded = [...results.values()].every((r) => r !== "failed" && r !== "canceled");
  return { results, succeeded };
}

/** Results of jobs that ran far enough to leave artifacts (GitLab passes failed jobs' too). */
const ranResults: ReadonlySet<PlanResult> = new Set(["success", "allowed_failure", "failed"]);

const canceledOutcome: JobOutcome = {
  status: "canceled",
  failureReason: undefined,
  exitCode: undefined,
  durationMs: 0,
  dotenv: [],
};

function resultOf(job: RunnableJob, outcome: JobOutcome): PlanResult {
  if (outcome.status === "success") return "success";
  if (outcome.status === "canceled") return "canceled";
  return isAllowedFailure(job, outcome) ? "allowed_failure" : "failed";
}
