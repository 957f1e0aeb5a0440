import type { SourceLocation } from "../source-location.js";

/** What the planner needs of a job; the pipeline model maps its jobs to these. */
export interface PlanJob {
  readonly name: string;
  readonly stage: string;
  /** undefined: the job waits for every job of the earlier stages (GitLab's stage order). */
  readonly needs: readonly PlanNeed[] | undefined;
  readonly when: PlanWhen;
  /**
   * A `when: manual` job with `allow_failure: false` (GitLab's blocking manual job): until
   * it is started, the jobs after it wait. Default false.
   */
  readonly blocking?: boolean;
  /** Where its `needs:` is written (for errors about them). */
  readonly needsLocation?: SourceLocation | undefined;
}

export interface PlanNeed {
  readonly job: string;
  /** `needs:optional`: ignored when the job is not in the pipeline. */
  readonly optional: boolean;
}

export type PlanWhen = "on_success" | "on_failure" | "always" | "manual" | "delayed";

/**
 * How a job ended, as later jobs see it. `allowed_failure` counts as success for them, as in
 * GitLab. `skipped` jobs never ran (their `when` was not met); `manual` jobs were not started;
 * `blocked` jobs never started because they wait for a manual job that was not started (a
 * blocking one before them, or one they need), which GitLab shows as created.
 */
export type PlanResult =
  "success" | "allowed_failure" | "failed" | "canceled" | "skipped" | "manual" | "blocked";
