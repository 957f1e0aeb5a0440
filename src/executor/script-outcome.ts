import type { FailureReason, JobStatus } from "../job/job-outcome.js";
import type { ExecResult } from "../sandbox/sandbox.js";
import { formatGoDuration } from "./format-go-duration.js";

export interface ScriptOutcome {
  readonly status: JobStatus;
  readonly failureReason: FailureReason | undefined;
  readonly exitCode: number | undefined;
  /** The runner's closing line for this outcome. */
  readonly message: string;
}

/**
 * How the script's exec ending maps to the job's outcome. `allow_failure` is not applied:
 * the caller decides with the exit code kept here.
 */
export function scriptOutcome(result: ExecResult, timeoutMs: number): ScriptOutcome {
  switch (result.end) {
    case "exited":
    case "signaled":
      return result.exitCode === 0
        ? { status: "success", failureReason: undefined, exitCode: 0, message: "Job succeeded" }
        : {
            status: "failed",
            failureReason: "script_failure",
            exitCode: result.exitCode,
            message: `ERROR: Job failed: exit code ${result.exitCode}`,
          };
    case "timeout":
      return {
        status: "failed",
        failureReason: "job_execution_timeout",
        exitCode: undefined,
        message: `ERROR: Job failed: execution took longer than ${formatGoDuration(timeoutMs)} seconds`,
      };
    case "oom":
      return {
        status: "failed",
        failureReason: "out_of_memory",
        exitCode: undefined,
        message: "ERROR: Job failed: out of memory",
      };
    case "aborted":
      return {
        status: "canceled",
        failureReason: undefined,
        exitCode: undefined,
        message: "ERROR: Job failed: canceled",
      };
  }
}
