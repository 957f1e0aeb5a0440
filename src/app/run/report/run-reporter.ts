import type { PipelineEvents } from "../../../pipeline/run/run-pipeline.js";

/** Pipeline events plus the end of the run, for the CLI's two presentations. */
export interface RunReporter extends PipelineEvents {
  /** The run is over: print the summary lines (already formatted). */
  finish(summary: readonly string[]): void;
}
