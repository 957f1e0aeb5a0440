import type { FileAudit } from "./audit-finding.js";
import { severities, type Severity } from "./severity.js";

export function countBySeverity(audits: readonly FileAudit[]): Readonly<Record<Severity, number>> {
  const counts: Record<Severity, number> = { info: 0, low: 0, medium: 0, high: 0, critical: 0 };
  for (const audit of audits) for (const finding of audit.findings) counts[finding.severity] += 1;
  return counts;
}

/** "2 critical, 1 high, 3 medium" (zero counts left out), or "no findings". */
export function formatCounts(counts: Readonly<Record<Severity, number>>): string {
  const parts = [...severities]
    .reverse()
    .filter((severity) => counts[severity] > 0)
    .map((severity) => `${counts[severity]} ${severity}`);
  return parts.length === 0 ? "no findings" : parts.join(", ");
}
