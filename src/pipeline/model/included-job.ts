import type { Need } from "../job/parse-needs.js";
import type { ParallelInstance } from "../parallel/parallel.js";
import type { PlanWhen } from "../plan/plan-job.js";
import type { JobDefinition } from "./job-definition.js";

/** A job instance its rules let in, before its needs are resolved to instance names. */
export interface IncludedJob {
  readonly name: string;
  readonly definition: JobDefinition;
  readonly instance: ParallelInstance | undefined;
  readonly when: PlanWhen;
  readonly startIn: string | undefined;
  readonly allowFailure: boolean | { readonly exitCodes: readonly number[] };
  readonly ruleVariables: ReadonlyMap<string, string>;
  /** The rule's `needs` when it has some, else the job's. */
  readonly needs: readonly Need[] | undefined;
}
