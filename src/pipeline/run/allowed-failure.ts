import type { JobOutcome } from "../../job/job-outcome.js";
import type { RunnableJob } from "./runnable-job.js";

/**
 * Whether a failed job's failure is allowed: `allow_failure: true` allows every failure;
 * `allow_failure: exit_codes` only a script exiting with one of them. Cancels never are.
 */
export function isAllowedFailure(job: RunnableJob, outcome: JobOutcome): boolean {
  if (outcome.status !== "failed") return false;
  if (typeof job.allowFailure === "boolean") return job.allowFailure;
  return outcome.exitCode !== undefined && job.allowFailure.exitCodes.includes(outcome.exitCode);
}
