import type { JobGraph } from "./build-graph.js";
import { decideJob } from "./decide-job.js";
import type { PlanJob, PlanResult } from "./plan-job.js";

const settledResult = { skip: "skipped", manual: "manual", block: "blocked" } as const;

/**
 * The pipeline's progress: which jobs can start now. A job starts the moment its
 * predecessors are final (not in stage batches); jobs that will not run are settled at once
 * so that their successors can be decided. Pure bookkeeping: the caller runs the jobs.
 */
export class PipelineSchedule {
  private readonly results = new Map<string, PlanResult>();
  private readonly started = new Set<string>();
  private readonly byName: ReadonlyMap<string, PlanJob>;

  constructor(
    private readonly jobs: readonly PlanJob[],
    private readonly graph: JobGraph,
    private readonly manualToStart: ReadonlySet<string>,
  ) {
    this.byName = new Map(jobs.map((job) => [job.name, job]));
  }

  /** Jobs to start now, in pipeline order; each is returned once. Settles skips on the way. */
  startable(): readonly PlanJob[] {
    const ready: PlanJob[] = [];
    let settled = true;
    while (settled) {
      settled = false;
      for (const job of this.jobs) {
        if (this.started.has(job.name) || this.results.has(job.name)) continue;
        const predecessors = (this.graph.get(job.name) ?? []).map((name) => ({
          result: this.results.get(name),
          blocking: this.byName.get(name)?.blocking === true,
        }));
        const decision = decideJob(
          job.when,
          predecessors,
          this.manualToStart.has(job.name),
          job.needs !== undefined,
        );
        if (decision === "run") {
          this.started.add(job.name);
          ready.push(job);
        } else if (decision !== "wait") {
          this.results.set(job.name, settledResult[decision]);
          settled = true;
        }
      }
    }
    return ready;
  }

  /** Records a started job's result. */
  finish(name: string, result: PlanResult): void {
    this.results.set(name, result);
  }

  /** Every job's result so far; the pipeline is over when `running` is empty and no job waits. */
  get resultByJob(): ReadonlyMap<string, PlanResult> {
    return this.results;
  }

  get done(): boolean {
    return this.results.size === this.jobs.length;
  }
}
