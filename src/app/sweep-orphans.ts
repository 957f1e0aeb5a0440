import { sweepContainerOrphans, type SweepReport } from "../sandbox/container/orphan-sweep.host.js";

/** Removes what dead airlock processes left behind, for every backend. */
export function sweepOrphans(): Promise<SweepReport> {
  return sweepContainerOrphans();
}
