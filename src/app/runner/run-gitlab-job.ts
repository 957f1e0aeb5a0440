import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import { isAirlockError } from "../../core/airlock-error.js";
import type { GitlabJobPayload } from "../../gitlab/gitlab-job-payload.js";
import { currentOwner } from "../../sandbox/owner.host.js";
import type { Sandbox } from "../../sandbox/sandbox.js";
import { executeRunnerJob } from "./execute-runner-job.js";
import { forgetInFlight, recordInFlight } from "./in-flight-jobs.js";
import { jobErrorFailure } from "./job-error-failure.js";
import { meteredBackend } from "./metered-backend.js";
import { reportRunnerJobEnd } from "./report-runner-job-end.js";
import type { RunnerJobContext } from "./runner-job-context.js";
import type { RunnerJobResult } from "./runner-job-result.js";
import { runnerJobTrace } from "./runner-job-trace.js";

/**
 * One job GitLab handed this runner, start to final update: its log streamed (masked,
 * limited), its sources checked out of the host's git cache by a helper sandbox into a work
 * directory (cloneSources), its dependencies' artifacts downloaded, then the executor runs
 * it in a fresh sandbox of the runner's backend, its artifacts are uploaded and the final
 * state is reported until GitLab records it. `Job-Status: canceling` kills the script and
 * after_script still runs; `canceled` (or a 403) and the runner's cancel-all destroy the
 * sandbox at once. Never throws for the job's own failures: they are the job's result. The
 * work directory is removed whatever happens. The job is recorded as in flight (job token
 * included) before anything of it is made and forgotten once GitLab has its final state, so
 * that a runner that crashes in between reports it failed when it starts again
 * (recoverInFlightJobs).
 */
export async function runGitlabJob(
  context: RunnerJobContext,
  job: GitlabJobPayload,
  concurrentId: number,
): Promise<void> {
  const { runner, metrics } = context;
  const started = Date.now();
  await recordInFlight(context.workRoot, {
    runner: runner.name,
    url: runner.url,
    jobId: job.id,
    token: job.token,
    startedAt: new Date(started).toISOString(),
    owner: currentOwner(),
  });
  metrics.jobStarted(runner.name, job.jobInfo.timeInQueueSeconds);
  let metricState = "failed";
  let metricReason: string | undefined = "runner_system_failure";
  try {
    const ended = await runAndReport(context, job, concurrentId);
    metricState = ended.state;
    metricReason = ended.reason;
  } finally {
    metrics.jobFinished(runner.name, metricState, metricReason, (Date.now() - started) / 1000);
  }
}

/** What the metrics record of a job's end. */
interface JobEnd {
  readonly state: string;
  readonly reason: string | undefined;
}

/**
 * The job from its work directory to its final update (see runGitlabJob): soft cancel
 * (`canceling`) aborts the script, hard stops destroy the sandbox at once. Never throws for
 * the job's failures; returns what the metrics record.
 */
async function runAndReport(
  context: RunnerJobContext,
  job: GitlabJobPayload,
  concurrentId: number,
): Promise<JobEnd> {
  const { logger, metrics } = context;
  const soft = new AbortController();
  const remote = { canceling: false };
  let hardStop: "canceled" | "shutdown" | undefined;
  let sandbox: Sandbox | undefined;
  const stopNow = (why: "canceled" | "shutdown"): void => {
    hardStop ??= why;
    soft.abort();
    if (sandbox !== undefined) void sandbox.destroy().catch(() => undefined);
  };
  const trace = runnerJobTrace(context, job, (state) => {
    if (state === "canceling") {
      remote.canceling = true;
      soft.abort();
    } else stopNow("canceled");
  });
  const onCancelAll = (): void => stopNow("shutdown");
  context.cancelAll.addEventListener("abort", onCancelAll, { once: true });
  if (context.cancelAll.aborted) onCancelAll();
  const tracked = meteredBackend(context.backend, metrics, (made) => {
    sandbox = made;
    if (hardStop !== undefined) void made.destroy().catch(() => undefined);
  });

  await mkdir(join(context.workRoot, "jobs"), { recursive: true });
  const workDir = await mkdtemp(join(context.workRoot, "jobs", `${job.id}-`));
  let result: RunnerJobResult;
  try {
    result = await executeRunnerJob(
      context,
      tracked,
      job,
      concurrentId,
      workDir,
      trace,
      soft.signal,
    );
  } catch (error: unknown) {
    trace.line(`ERROR: ${isAirlockError(error) ? error.message : String(error)}`);
    if (isAirlockError(error) && error.fix !== undefined) trace.line(`  fix: ${error.fix}`);
    if (!isAirlockError(error)) logger.warn(error instanceof Error ? (error.stack ?? "") : "");
    const failure = jobErrorFailure(error);
    trace.line(failure.line);
    result = { state: "failed", failureReason: failure.reason, exitCode: undefined };
  } finally {
    context.cancelAll.removeEventListener("abort", onCancelAll);
    await rm(workDir, { recursive: true, force: true });
  }
  if (hardStop === "shutdown") {
    trace.line("ERROR: Job failed (system failure): the runner was stopped");
    result = { state: "failed", failureReason: "runner_system_failure", exitCode: undefined };
  }
  const summary = await trace.finish();
  // A job canceled in GitLab (or a 403) is over there: nothing more to report.
  if (hardStop === "canceled") {
    await forgetInFlight(context.workRoot, job.id);
    return { state: "canceled", reason: undefined };
  }
  const outcome = await reportRunnerJobEnd(context, job, result, summary);
  await forgetInFlight(context.workRoot, job.id);
  logger.info(
    `job ${job.id}: ${result.state}${outcome === "job-gone" ? " (already over in GitLab)" : ""}`,
  );
  if (remote.canceling && result.failureReason === undefined && result.state === "failed") {
    return { state: "canceled", reason: undefined };
  }
  return { state: result.state, reason: result.failureReason };
}
