import type { PlanResult, PlanWhen } from "./plan-job.js";

export type JobDecision = "run" | "skip" | "manual" | "block" | "wait";

/** A predecessor as `decideJob` sees it: its result so far, and whether it blocks. */
export interface Predecessor {
  readonly result: PlanResult | undefined;
  /** A blocking manual job (`allow_failure: false`). */
  readonly blocking: boolean;
}

const finished: ReadonlySet<PlanResult> = new Set([
  "success",
  "allowed_failure",
  "failed",
  "canceled",
  "skipped",
  "manual",
  "blocked",
]);

/**
 * GitLab's `when` over the predecessors' results, once all of them are final:
 * - a job after a manual job that was not started waits for it (`block`) when that job is
 *   blocking (`allow_failure: false`), or when the job `needs` it (`viaNeeds`), or when a
 *   predecessor is itself blocked (GitLab: the pipeline is blocked, later jobs stay created);
 * - `on_success` (and `delayed`): runs unless a predecessor failed or was canceled (allowed
 *   failures, skipped jobs and non-blocking manual jobs do not stop it);
 * - `on_failure`: runs only if a predecessor failed;
 * - `always`: runs;
 * - `manual`: skipped like on_success after a failure (GitLab skips manual jobs whose earlier
 *   stages failed), else left for the user (`manual`) unless `startManual`, then runs.
 * A job whose predecessors are not all final waits.
 */
export function decideJob(
  when: PlanWhen,
  predecessors: readonly Predecessor[],
  startManual: boolean,
  viaNeeds = false,
): JobDecision {
  if (predecessors.some((p) => p.result === undefined || !finished.has(p.result))) return "wait";
  const held = predecessors.some(
    (p) => p.result === "blocked" || (p.result === "manual" && (p.blocking || viaNeeds)),
  );
  if (held) return "block";
  const failed = predecessors.some((p) => p.result === "failed" || p.result === "canceled");
  switch (when) {
    case "always":
      return "run";
    case "on_failure":
      return failed ? "run" : "skip";
    case "manual":
      if (failed) return "skip";
      return startManual ? "run" : "manual";
    case "on_success":
    case "delayed":
      return failed ? "skip" : "run";
  }
}
