import type { Logger } from "../../core/logger.js";
import type { GitlabApi } from "../../gitlab/gitlab-api.js";
import type { InvalidJob } from "../../gitlab/poll-jobs.js";
import { reportFinalState } from "../../gitlab/report-final-state.js";
import { TraceUploader } from "../../gitlab/trace-uploader.js";

/**
 * A job GitLab assigned whose payload airlock cannot read: its log says why and it is
 * reported failed (`runner_unsupported`), so it does not stay running until it times out.
 */
export async function failInvalidJob(
  api: GitlabApi,
  invalid: InvalidJob,
  logger: Logger,
  retryMs: number,
): Promise<void> {
  logger.warn(`job ${invalid.jobId}: ${invalid.error.message}`);
  const trace = new TraceUploader({
    api,
    jobId: invalid.jobId,
    jobToken: invalid.jobToken,
    secrets: [invalid.jobToken],
    outputLimitBytes: 64 * 1024,
    intervalMs: 3_600_000,
    onRemoteState: () => undefined,
  });
  trace.line(`ERROR: airlock cannot run this job: ${invalid.error.message}`);
  trace.line("ERROR: Job failed: runner_unsupported");
  const output = await trace.finish();
  await reportFinalState(
    api,
    {
      jobId: invalid.jobId,
      jobToken: invalid.jobToken,
      state: "failed",
      failureReason: "runner_unsupported",
      output,
    },
    {
      retryMs,
      errorAttempts: 10,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    },
  );
}
