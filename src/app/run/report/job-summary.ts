import type { FailureReason } from "../../../job/job-outcome.js";
import type { PlanResult } from "../../../pipeline/plan/plan-job.js";

/** One job's line in the closing summary. */
export interface JobSummary {
  readonly job: string;
  readonly result: PlanResult;
  /** Total wall time of its runs (retries included); undefined when it never ran. */
  readonly durationMs: number | undefined;
  readonly failureReason: FailureReason | undefined;
  readonly exitCode: number | undefined;
  readonly attempts: number;
  /** The job's `coverage:` figure from its log (`85.3`), when it has one. */
  readonly coverage: string | undefined;
}

const labels: Readonly<Record<PlanResult, string>> = {
  success: "PASS",
  allowed_failure: "WARN",
  failed: "FAIL",
  canceled: "CANCELED",
  skipped: "SKIP",
  manual: "MANUAL",
  blocked: "BLOCKED",
};

/**
 * The closing summary, one line per job in pipeline order: ` PASS  build  1.2s`,
 * ` FAIL  test  0.4s  script_failure (exit code 1)`, ` WARN  lint ...` for allowed failures.
 */
export function formatSummary(jobs: readonly JobSummary[]): string[] {
  const width = Math.max(0, ...jobs.map((j) => j.job.length));
  return jobs.map((j) => {
    const parts = [` ${labels[j.result]} `, j.job.padEnd(width)];
    if (j.durationMs !== undefined) parts.push(formatDuration(j.durationMs).padStart(7));
    const why = j.failureReason === undefined ? undefined : describeFailure(j);
    if (why !== undefined && (j.result === "failed" || j.result === "allowed_failure")) {
      parts.push(why);
    }
    if (j.attempts > 1) parts.push(`(${String(j.attempts)} attempts)`);
    if (j.coverage !== undefined) parts.push(`coverage ${j.coverage}%`);
    return parts.join(" ").trimEnd();
  });
}

function describeFailure(j: JobSummary): string {
  const reason = j.failureReason ?? "failed";
  return j.exitCode === undefined ? reason : `${reason} (exit code ${String(j.exitCode)})`;
}

/** `0.4s`, `12.3s`, `2m05s`. */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  return `${String(Math.floor(seconds / 60))}m${String(seconds % 60).padStart(2, "0")}s`;
}
