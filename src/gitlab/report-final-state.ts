import { isAirlockError } from "../core/airlock-error.js";
import type { GitlabApi } from "./gitlab-api.js";
import { updateJob, type JobUpdate } from "./update-job.js";

/** How the final report ended: recorded (200), or the job was already over on the server. */
export type FinalReport = "recorded" | "job-gone";

export interface FinalReportOptions {
  /** The wait after a 202/409 when GitLab names no interval. */
  readonly retryMs: number;
  /** Attempts for failures without an answer (5xx, network) before giving up. */
  readonly errorAttempts: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly onError?: (error: unknown) => void;
}

/**
 * Sends a job's final `PUT /jobs/:id` until GitLab records it: a 202 (still taking the log)
 * or a 409 is repeated after the interval GitLab asks for, a 403/404 means the job is over
 * on the server already (canceled), 5xx and network failures are retried `errorAttempts`
 * times with a doubling wait, then the last error is thrown.
 */
export async function reportFinalState(
  api: GitlabApi,
  update: JobUpdate,
  options: FinalReportOptions,
): Promise<FinalReport> {
  let failures = 0;
  let wait = options.retryMs;
  for (;;) {
    try {
      const result = await updateJob(api, update);
      if (result.kind === "done") return "recorded";
      if (result.kind === "aborted") return "job-gone";
      failures = 0;
      await options.sleep(
        result.afterSeconds === undefined ? options.retryMs : result.afterSeconds * 1000,
      );
    } catch (error: unknown) {
      if (!isAirlockError(error)) throw error;
      failures++;
      if (failures >= options.errorAttempts) throw error;
      options.onError?.(error);
      await options.sleep(wait);
      wait *= 2;
    }
  }
}
