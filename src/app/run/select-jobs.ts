import { AirlockError } from "../../core/airlock-error.js";
import type { PlannedJob } from "../../pipeline/model/planned-job.js";

export interface JobSelection {
  readonly jobs: readonly string[];
  readonly withNeeds: boolean;
  readonly stage: string | undefined;
}

/**
 * The jobs `airlock run JOB... [--needs] [--stage S]` runs. Named jobs run alone unless
 * `--needs` adds what they need, transitively; needs and artifacts of jobs left out are
 * dropped (the job starts without them). A name of a parallel job selects all its instances.
 * Unknown names fail with the list of jobs.
 */
export function selectJobs(
  all: readonly PlannedJob[],
  selection: JobSelection,
): readonly PlannedJob[] {
  let chosen = all;
  if (selection.stage !== undefined) {
    const stage = selection.stage;
    chosen = chosen.filter((job) => job.plan.stage === stage);
    if (chosen.length === 0) {
      const stages = [...new Set(all.map((job) => job.plan.stage))].join(", ");
      throw new AirlockError("AIRLOCK_E_USAGE", `no job of this pipeline is in stage ${stage}`, {
        fix: `stages with jobs: ${stages}`,
      });
    }
  }
  if (selection.jobs.length > 0) {
    const byName = new Map(all.map((job) => [job.plan.name, job]));
    const names = new Set<string>();
    for (const wanted of selection.jobs) {
      const matches = all.filter(
        (job) => job.plan.name === wanted || job.definition.name === wanted,
      );
      if (matches.length === 0) {
        throw new AirlockError(
          "AIRLOCK_E_USAGE",
          `no job named ${JSON.stringify(wanted)} in this pipeline`,
          {
            fix: `jobs: ${all.map((job) => job.plan.name).join(", ")} (see airlock run --list)`,
          },
        );
      }
      for (const match of matches) names.add(match.plan.name);
    }
    if (selection.withNeeds) {
      const pending = [...names];
      for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
        for (const need of byName.get(name)?.plan.needs ?? []) {
          if (!names.has(need.job) && byName.has(need.job)) {
            names.add(need.job);
            pending.push(need.job);
          }
        }
      }
    }
    chosen = chosen.filter((job) => names.has(job.plan.name));
  }
  if (chosen.length === all.length) return all;
  const kept = new Set(chosen.map((job) => job.plan.name));
  return chosen.map((job) => ({
    ...job,
    plan: {
      ...job.plan,
      needs: job.plan.needs?.filter((need) => kept.has(need.job)),
    },
    artifactsFrom: job.artifactsFrom.filter((name) => kept.has(name)),
  }));
}
