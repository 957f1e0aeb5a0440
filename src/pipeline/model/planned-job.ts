import type { PlanJob } from "../plan/plan-job.js";
import type { ParallelInstance } from "../parallel/parallel.js";
import type { JobDefinition } from "./job-definition.js";

/** One job instance that is in the pipeline after workflow, rules and parallel. */
export interface PlannedJob {
  readonly definition: JobDefinition;
  /** The planner's view: instance name, stage, needs (instance names), effective when. */
  readonly plan: PlanJob;
  readonly instance: ParallelInstance | undefined;
  /** `start_in` of a delayed job (text). */
  readonly startIn: string | undefined;
  readonly allowFailure: boolean | { readonly exitCodes: readonly number[] };
  /** `rules:variables` of the matching rule. */
  readonly ruleVariables: ReadonlyMap<string, string>;
  /** Jobs (instance names) whose artifacts and dotenv reports this job receives, in order. */
  readonly artifactsFrom: readonly string[];
}

export interface PlannedPipeline {
  readonly stages: readonly string[];
  readonly jobs: readonly PlannedJob[];
  /** `workflow:rules:variables` of the matching workflow rule. */
  readonly workflowVariables: ReadonlyMap<string, string>;
}

/** The planner's answer: a pipeline, or why none runs. */
export type PlanOutcome =
  | { readonly kind: "planned"; readonly pipeline: PlannedPipeline }
  | { readonly kind: "skipped"; readonly why: string };
