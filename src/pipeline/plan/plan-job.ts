/** What the planner needs of a job; the pipeline model maps its jobs to these. */
export interface PlanJob {
  readonly name: string;
  readonly stage: string;
  /** undefined: the job waits for every job of the earlier stages (GitLab's stage order). */
  readonly needs: readonly PlanNeed[] | undefined;
  readonly when: PlanWhen;
}

export interface PlanNeed {
  readonly job: string;
  /** `needs:optional`: ignored when the job is not in the pipeline. */
  readonly optional: boolean;
}

export type PlanWhen = "on_success" | "on_failure" | "always" | "manual" | "delayed";

/**
 * How a job ended, as later jobs see it. `allowed_failure` counts as success for them, as in
 * GitLab. `skipped` jobs never ran (their `when` was not met); `manual` jobs were not started.
 */
export type PlanResult =
  "success" | "allowed_failure" | "failed" | "canceled" | "skipped" | "manual";
