import type { AuditFinding, FileAudit } from "./audit-finding.js";
import { configKindNames } from "./config-kind.js";
import { countBySeverity, formatCounts } from "./count-by-severity.js";
import { severities, type Severity } from "./severity.js";

export interface HumanFormatOptions {
  /** ANSI colours (on a terminal). */
  readonly colour: boolean;
  /** Terminal width for wrapping; 100 when unknown. */
  readonly width?: number;
}

const colours: Readonly<Record<Severity, string>> = {
  critical: "\u001b[1;35m",
  high: "\u001b[1;31m",
  medium: "\u001b[33m",
  low: "\u001b[36m",
  info: "\u001b[2m",
};
const reset = "\u001b[0m";
const bold = "\u001b[1m";

/**
 * The report for a person: one block per file, findings grouped by severity (worst
 * first), each with where, the value, why, the fix, and what airlock does instead.
 */
export function formatAuditHuman(
  audits: readonly FileAudit[],
  options: HumanFormatOptions,
): string {
  const paint = (code: string, text: string): string =>
    options.colour ? `${code}${text}${reset}` : text;
  const width = Math.max(60, Math.min(options.width ?? 100, 120));
  const out: string[] = [];
  for (const audit of audits) {
    const counts = formatCounts(countBySeverity([audit]));
    out.push(`${paint(bold, audit.file)}  (${configKindNames[audit.kind]}: ${counts})`);
    for (const severity of [...severities].reverse()) {
      const group = audit.findings.filter((finding) => finding.severity === severity);
      if (group.length === 0) continue;
      out.push("", `  ${paint(colours[severity], severity.toUpperCase())}`);
      for (const finding of group) out.push(...formatFinding(finding, width, paint));
    }
    out.push("");
  }
  const total = countBySeverity(audits);
  out.push(`${formatCounts(total)} in ${audits.length} file${audits.length === 1 ? "" : "s"}`);
  return `${out.join("\n")}\n`;
}

function formatFinding(
  finding: AuditFinding,
  width: number,
  paint: (code: string, text: string) => string,
): string[] {
  const where = finding.line === undefined ? finding.file : `${finding.file}:${finding.line}`;
  const lines = [
    `  ${paint(colours[finding.severity], finding.ruleId)}  ${paint(bold, finding.title)}`,
    ...wrap(`at:      ${where}  ${finding.location}`, width, 4, 13),
    ...wrap(`found:   ${finding.evidence}`, width, 4, 13),
    ...wrap(`why:     ${finding.why}`, width, 4, 13),
    ...wrap(`fix:     ${finding.fix}`, width, 4, 13),
  ];
  if (finding.airlock !== undefined)
    lines.push(...wrap(`airlock: ${finding.airlock}`, width, 4, 13));
  return lines;
}

/** Word-wraps `text` to `width`, indenting the first line by `first` and the rest by `rest`. */
export function wrap(text: string, width: number, first: number, rest: number): string[] {
  const lines: string[] = [];
  let current = " ".repeat(first);
  let empty = true;
  for (const word of text.split(" ")) {
    if (!empty && current.length + 1 + word.length > width) {
      lines.push(current);
      current = " ".repeat(rest) + word;
    } else {
      current += (empty ? "" : " ") + word;
    }
    empty = false;
  }
  lines.push(current);
  return lines;
}
