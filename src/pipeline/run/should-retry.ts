import type { JobOutcome } from "../../job/job-outcome.js";
import { retryReasonOf, type RetryPolicy } from "./runnable-job.js";

/**
 * Whether a failed run is retried (GitLab's retry): only failures, at most `max` retries,
 * only for the listed `when` reasons (`always` for any; `unknown_failure` for a failure
 * without reason; `stuck_or_timeout_failure` also covers timeouts) or the listed exit codes
 * (either matching is enough, as in GitLab's AutoRetry). `attempt` is the run that just
 * ended (1-based).
 */
export function shouldRetry(outcome: JobOutcome, policy: RetryPolicy, attempt: number): boolean {
  if (outcome.status !== "failed" || attempt > policy.max) return false;
  if (outcome.exitCode !== undefined && policy.exitCodes.includes(outcome.exitCode)) return true;
  const reason =
    outcome.failureReason === undefined ? undefined : retryReasonOf[outcome.failureReason];
  return policy.when.some(
    (when) =>
      when === "always" ||
      when === reason ||
      (when === "unknown_failure" && reason === undefined) ||
      (when === "stuck_or_timeout_failure" && reason === "job_execution_timeout"),
  );
}
