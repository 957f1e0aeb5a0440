import { AirlockError } from "../../core/airlock-error.js";
import type { PlannedJob } from "../../pipeline/model/planned-job.js";

/**
 * Throws AIRLOCK_E_USAGE (a user error naming the manual jobs there are) when a `--manual`
 * name is not a job of `jobs` or names a job that is not `when: manual`; returns otherwise.
 */
export function checkManualJobs(manual: readonly string[], jobs: readonly PlannedJob[]): void {
  for (const name of manual) {
    const job = jobs.find((j) => j.plan.name === name);
    if (job !== undefined && job.plan.when === "manual") continue;
    const manualJobs = jobs.filter((j) => j.plan.when === "manual").map((j) => j.plan.name);
    throw new AirlockError(
      "AIRLOCK_E_USAGE",
      job === undefined
        ? `--manual: no job named ${JSON.stringify(name)} in this pipeline`
        : `--manual: ${name} is not a manual job (when: ${job.plan.when})`,
      {
        fix:
          manualJobs.length === 0
            ? "this pipeline has no manual job"
            : `manual jobs: ${manualJobs.join(", ")}`,
      },
    );
  }
}
