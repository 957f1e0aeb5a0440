import { isAirlockError } from "../../core/airlock-error.js";

/** How a job that ended in an error is reported: GitLab's failure reason and the log's last line. */
export interface JobErrorFailure {
  readonly reason: "script_failure" | "runner_system_failure";
  readonly line: string;
}

/**
 * A failed get_sources whose cause is the repository (a commit GitLab does not have, a
 * submodule elsewhere or missing, git refusing the content: AIRLOCK_E_GIT_SOURCES) is a
 * `script_failure`, as GitLab Runner reports any get_sources failure; any other error
 * before the script ran is the runner's: `runner_system_failure`.
 */
export function jobErrorFailure(error: unknown): JobErrorFailure {
  if (isAirlockError(error) && error.code === "AIRLOCK_E_GIT_SOURCES") {
    return {
      reason: "script_failure",
      line: "ERROR: Job failed: the sources could not be fetched or checked out (script_failure)",
    };
  }
  return {
    reason: "runner_system_failure",
    line: "ERROR: Job failed (system failure): runner_system_failure",
  };
}
