import type { FileAudit } from "./audit-finding.js";
import { countBySeverity } from "./count-by-severity.js";

/** The machine-readable report (`--json`); `schema` changes only with a new number. */
export function formatAuditJson(audits: readonly FileAudit[], errors: readonly string[]): unknown {
  return {
    schema: "airlock-audit/1",
    summary: countBySeverity(audits),
    files: audits,
    errors,
  };
}
