import type { PlannedJob } from "../../pipeline/model/planned-job.js";
import type { PlanResult } from "../../pipeline/plan/plan-job.js";

/** The manual jobs an ended pipeline waits for, and whether that blocks the pipeline. */
export interface ManualWaits {
  /** Manual jobs not started that a blocked job waits for (it needs them, or they block). */
  readonly waitingFor: readonly string[];
  /** GitLab: a blocking manual job (allow_failure: false) blocks the pipeline. */
  readonly blocked: boolean;
}

/**
 * From the end state `results` of every job of `jobs`. A job waiting on a non-blocking manual
 * job it needs does not change the pipeline's status (GitLab's rule).
 */
export function manualWaits(
  jobs: readonly PlannedJob[],
  results: ReadonlyMap<string, PlanResult>,
): ManualWaits {
  const waitingFor = jobs
    .filter((job) => results.get(job.plan.name) === "manual")
    .filter((job) =>
      jobs.some(
        (other) =>
          results.get(other.plan.name) === "blocked" &&
          (job.plan.blocking === true ||
            other.plan.needs?.some((need) => need.job === job.plan.name) === true),
      ),
    )
    .map((job) => job.plan.name);
  const blocked = waitingFor.some((name) =>
    jobs.some((j) => j.plan.name === name && j.plan.blocking === true),
  );
  return { waitingFor, blocked };
}
