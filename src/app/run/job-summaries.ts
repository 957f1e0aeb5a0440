import type { JobOutcome } from "../../job/job-outcome.js";
import type { PlanResult } from "../../pipeline/plan/plan-job.js";
import type { JobSummary } from "./report/job-summary.js";

/** The summary line of each job of a local run, attempts (retries) added up. */
export interface JobSummaries {
  /** Records one ended attempt of `job`: its duration is added, the rest is the latest. */
  record(job: string, outcome: JobOutcome, result: PlanResult, coverage: string | undefined): void;
  /** The summary of `job`, or one of a job that never ran and ended as `result`. */
  of(job: string, result: PlanResult): JobSummary;
}

export function jobSummaries(): JobSummaries {
  const summaries = new Map<string, JobSummary>();
  return {
    record: (job, outcome, result, coverage) => {
      const before = summaries.get(job);
      summaries.set(job, {
        job,
        result,
        durationMs: (before?.durationMs ?? 0) + outcome.durationMs,
        failureReason: outcome.failureReason,
        exitCode: outcome.exitCode,
        attempts: (before?.attempts ?? 0) + 1,
        coverage,
      });
    },
    of: (job, result) =>
      summaries.get(job) ?? {
        job,
        result,
        durationMs: undefined,
        failureReason: undefined,
        exitCode: undefined,
        attempts: 0,
        coverage: undefined,
      },
  };
}
