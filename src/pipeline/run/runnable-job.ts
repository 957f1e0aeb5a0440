import type { FailureReason } from "../../job/job-outcome.js";
import type { JobDependency, JobSpec } from "../../job/job-spec.js";
import type { PlanJob } from "../plan/plan-job.js";

/** `retry:` as the run loop needs it: how many more runs, and after which failures. */
export interface RetryPolicy {
  readonly max: number;
  /** GitLab's retry:when values; `always` retries every failure. */
  readonly when: readonly string[];
  /** retry:exit_codes: when non-empty, only these exit codes are retried. */
  readonly exitCodes: readonly number[];
}

/** What a job's run needs that only earlier jobs' runs can supply. */
export interface SpecInputs {
  readonly dependencies: readonly JobDependency[];
  readonly dotenv: readonly { readonly name: string; readonly value: string }[];
  /** 1 for the first run, 2 for the first retry... */
  readonly attempt: number;
}

/** One job of a planned pipeline, ready to be turned into JobSpecs as its inputs arrive. */
export interface RunnableJob {
  readonly plan: PlanJob;
  readonly allowFailure: boolean | { readonly exitCodes: readonly number[] };
  readonly retry: RetryPolicy;
  /** Jobs whose artifacts are restored, in order (needs with artifacts, or dependencies). */
  readonly artifactsFrom: readonly string[];
  /** `when: delayed`: how long to wait once the job could start (`start_in`); else 0. */
  readonly delayMs: number;
  spec(inputs: SpecInputs): JobSpec;
}

/** The failure reasons GitLab's retry:when names map from. */
export const retryReasonOf: Readonly<Record<FailureReason, string>> = {
  script_failure: "script_failure",
  job_execution_timeout: "job_execution_timeout",
  runner_system_failure: "runner_system_failure",
  image_pull_failure: "image_pull_failure",
  out_of_memory: "script_failure",
};
