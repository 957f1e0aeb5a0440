import type { JobOutcome } from "../../job/job-outcome.js";

/** What a runner job's final update reports. */
export interface RunnerJobResult {
  readonly state: "success" | "failed";
  readonly failureReason: string | undefined;
  readonly exitCode: number | undefined;
}

/**
 * The final state of a job the executor ran: a success whose artifacts did not upload is a
 * script_failure (as gitlab-runner reports it); a canceled job fails without a reason.
 */
export function runnerJobResult(outcome: JobOutcome, uploaded: boolean): RunnerJobResult {
  if (outcome.status === "success" && !uploaded) {
    return { state: "failed", failureReason: "script_failure", exitCode: outcome.exitCode };
  }
  if (outcome.status === "success") {
    return { state: "success", failureReason: undefined, exitCode: outcome.exitCode };
  }
  return {
    state: "failed",
    failureReason: outcome.status === "canceled" ? undefined : outcome.failureReason,
    exitCode: outcome.exitCode,
  };
}
