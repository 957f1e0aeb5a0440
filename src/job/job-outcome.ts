/** GitLab's failure reasons that airlock can cause (see docs/gitlab-runner-api.md). */
export type FailureReason =
  | "script_failure"
  | "job_execution_timeout"
  | "runner_system_failure"
  | "image_pull_failure"
  | "out_of_memory";

export type JobStatus = "success" | "failed" | "canceled";

/** How one run of a job ended. */
export interface JobOutcome {
  readonly status: JobStatus;
  readonly failureReason: FailureReason | undefined;
  /** The script's exit code when it ran to an exit. */
  readonly exitCode: number | undefined;
  readonly durationMs: number;
  /** Variables from the job's dotenv reports, for the jobs that depend on it. */
  readonly dotenv: readonly { readonly name: string; readonly value: string }[];
}
