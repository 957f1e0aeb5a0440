import type { GitlabJobPayload } from "../../gitlab/gitlab-job-payload.js";
import { TraceUploader, type RemoteJobState } from "../../gitlab/trace-uploader.js";
import type { RunnerJobContext } from "./runner-job-context.js";

/**
 * The job's log to GitLab: masked for the job token, its masked variables and its registry
 * passwords, cut at the runner's output_limit, sent every traceIntervalMs. `onRemoteState`
 * hears each state GitLab reports (logged first); send failures are counted and logged.
 */
export function runnerJobTrace(
  context: RunnerJobContext,
  job: GitlabJobPayload,
  onRemoteState: (state: RemoteJobState) => void,
): TraceUploader {
  const { api, runner, logger, metrics } = context;
  return new TraceUploader({
    api,
    jobId: job.id,
    jobToken: job.token,
    secrets: [
      job.token,
      ...job.variables.filter((v) => v.masked).map((v) => v.value),
      ...job.credentials.map((c) => c.password),
    ],
    outputLimitBytes: runner.outputLimitKiB * 1024,
    intervalMs: context.traceIntervalMs,
    onRemoteState: (state) => {
      logger.info(`job ${job.id}: GitLab says ${state}`);
      onRemoteState(state);
    },
    onError: (error) => {
      metrics.apiError(runner.name, "trace");
      logger.warn(`job ${job.id}: sending the log: ${String(error)}`);
    },
  });
}
