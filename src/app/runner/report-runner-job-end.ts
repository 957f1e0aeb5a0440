import type { GitlabJobPayload } from "../../gitlab/gitlab-job-payload.js";
import { reportFinalState, type FinalReport } from "../../gitlab/report-final-state.js";
import { supportedFailureReason } from "../../gitlab/supported-failure-reason.js";
import type { TraceSummary } from "../../gitlab/trace-uploader.js";
import type { RunnerJobContext } from "./runner-job-context.js";
import type { RunnerJobResult } from "./runner-job-result.js";

/**
 * Sends the job's final state with the log's `summary` until GitLab records it (see
 * reportFinalState: retried up to 10 times for failures without an answer, each counted in
 * the metrics and logged). A failure reason the job's GitLab does not know is sent as its
 * closest supported one.
 */
export function reportRunnerJobEnd(
  context: RunnerJobContext,
  job: GitlabJobPayload,
  result: RunnerJobResult,
  summary: TraceSummary,
): Promise<FinalReport> {
  const { api, runner, logger, metrics } = context;
  const failureReason = supportedFailureReason(result.failureReason, job.features.failureReasons);
  return reportFinalState(
    api,
    {
      jobId: job.id,
      jobToken: job.token,
      state: result.state,
      ...(failureReason === undefined ? {} : { failureReason }),
      ...(result.exitCode === undefined ? {} : { exitCode: result.exitCode }),
      output: summary,
    },
    {
      retryMs: context.retryMs,
      errorAttempts: 10,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      onError: (error) => {
        metrics.apiError(runner.name, "update");
        logger.warn(`job ${job.id}: final update: ${String(error)}`);
      },
    },
  );
}
