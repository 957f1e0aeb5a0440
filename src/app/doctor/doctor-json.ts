import type { Readiness } from "./assess-readiness.js";
import type { CheckRow, HostReport, RuntimeChoice } from "./host-report.js";

/** What `airlock doctor --json` prints. Field names are a stable interface for scripts. */
export interface DoctorJson {
  readonly containerReady: boolean;
  readonly microvm: Readiness["microvm"];
  readonly runtime: RuntimeChoice | null;
  readonly checks: readonly CheckRow[];
}

export function doctorJson(report: HostReport, readiness: Readiness): DoctorJson {
  return {
    containerReady: readiness.container,
    microvm: readiness.microvm,
    runtime: readiness.runtime ?? null,
    checks: report.checks,
  };
}
