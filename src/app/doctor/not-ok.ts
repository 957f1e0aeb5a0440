import type { CheckRow, ProbeOutcome } from "./host-report.js";
import { notProbedAsUser } from "./host-report.js";
import { formatSeconds } from "./format-seconds.js";

/** A row for a probe that did not succeed: skipped is a warning, anything else missing. */
export function notOk(
  row: Pick<CheckRow, "id" | "label" | "scope">,
  probe: Exclude<ProbeOutcome, { kind: "ok" }>,
  what: string,
  fix: string,
): CheckRow {
  switch (probe.kind) {
    case "skipped":
      return {
        ...row,
        status: "warn",
        detail: probe.reason,
        fix: probe.reason === notProbedAsUser ? "run `sudo airlock doctor`" : fix,
      };
    case "timeout":
      return {
        ...row,
        status: "missing",
        detail: `${what}: no answer within ${formatSeconds(probe.ms)}`,
        fix,
      };
    case "failed":
      return { ...row, status: "missing", detail: `${what}: ${probe.reason}`, fix };
  }
}
