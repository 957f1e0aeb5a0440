import { pipelineError } from "../pipeline-error.js";
import type { PlanJob } from "./plan-job.js";

/** Each job's predecessors (the jobs whose results decide whether and when it runs). */
export type JobGraph = ReadonlyMap<string, readonly string[]>;

/**
 * Predecessors from `needs` (those of them in the pipeline; a missing optional need is
 * dropped), else every job of every earlier stage. Fails like GitLab on a need that is not
 * in the pipeline or is in a later stage (`need X is not defined in current or prior
 * stages`), and on a cycle among same-stage needs, naming it.
 * Precondition: every job's stage is in `stages`.
 */
export function buildGraph(jobs: readonly PlanJob[], stages: readonly string[]): JobGraph {
  const byName = new Map(jobs.map((job) => [job.name, job]));
  const stageIndex = new Map(stages.map((stage, index) => [stage, index]));
  const rank = (job: PlanJob): number => stageIndex.get(job.stage) ?? 0;
  const graph = new Map<string, readonly string[]>();
  for (const job of jobs) {
    if (job.needs === undefined) {
      graph.set(
        job.name,
        jobs.filter((other) => rank(other) < rank(job)).map((other) => other.name),
      );
      continue;
    }
    const predecessors: string[] = [];
    for (const need of job.needs) {
      const needed = byName.get(need.job);
      if (needed === undefined) {
        if (need.optional) continue;
        throw pipelineError(
          job.needsLocation,
          `${job.name}:needs`,
          `job ${JSON.stringify(need.job)} is not in the pipeline (it does not exist or its rules left it out)`,
          "fix the name, or mark the need `optional: true` if the job may be absent",
        );
      }
      if (rank(needed) > rank(job)) {
        throw pipelineError(
          job.needsLocation,
          `${job.name}:needs`,
          `need ${need.job} is not defined in current or prior stages (it is in the later stage ${needed.stage})`,
        );
      }
      predecessors.push(need.job);
    }
    graph.set(job.name, predecessors);
  }
  const cycle = findCycle(graph);
  if (cycle !== undefined) {
    throw pipelineError(
      byName.get(cycle[0] ?? "")?.needsLocation,
      `${cycle[0] ?? ""}:needs`,
      `the jobs' needs form a cycle: ${cycle.join(" -> ")}`,
    );
  }
  return graph;
}

/** A cycle as a closed path (`a -> b -> a`), or undefined. */
function findCycle(graph: JobGraph): readonly string[] | undefined {
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (name: string): readonly string[] | undefined => {
    if (state.get(name) === "done") return undefined;
    if (state.get(name) === "open") return [...path.slice(path.indexOf(name)), name];
    state.set(name, "open");
    path.push(name);
    for (const next of graph.get(name) ?? []) {
      const found = visit(next);
      if (found !== undefined) return found;
    }
    path.pop();
    state.set(name, "done");
    return undefined;
  };
  for (const name of graph.keys()) {
    const found = visit(name);
    if (found !== undefined) return found;
  }
  return undefined;
}
