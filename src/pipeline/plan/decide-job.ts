import type { PlanResult, PlanWhen } from "./plan-job.js";

export type JobDecision = "run" | "skip" | "manual" | "wait";

const finished: ReadonlySet<PlanResult> = new Set([
  "success",
  "allowed_failure",
  "failed",
  "canceled",
  "skipped",
  "manual",
]);

/**
 * GitLab's `when` over the predecessors' results, once all of them are final:
 * - `on_success` (and `delayed`): runs unless a predecessor failed or was canceled (allowed
 *   failures, skipped and manual jobs do not stop it);
 * - `on_failure`: runs only if a predecessor failed;
 * - `always`: runs;
 * - `manual`: is left for the user (`manual`) unless `startManual`, then runs like on_success.
 * A job whose predecessors are not all final waits.
 */
export function decideJob(
  when: PlanWhen,
  predecessors: readonly (PlanResult | undefined)[],
  startManual: boolean,
): JobDecision {
  if (predecessors.some((result) => result === undefined || !finished.has(result))) return "wait";
  const failed = predecessors.some((result) => result === "failed" || result === "canceled");
  switch (when) {
    case "always":
      return "run";
    case "on_failure":
      return failed ? "run" : "skip";
    case "manual":
      if (!startManual) return "manual";
      return failed ? "skip" : "run";
    case "on_success":
    case "delayed":
      return failed ? "skip" : "run";
  }
}
