import type { CheckRow, CheckStatus } from "./host-report.js";

export interface FormatOptions {
  /** ANSI colours; only when stdout is a terminal. */
  readonly color: boolean;
}

const statusColor: Readonly<Record<CheckStatus, string>> = {
  ok: "\u001b[32m",
  missing: "\u001b[31m",
  warn: "\u001b[33m",
};
const reset = "\u001b[0m";
const dim = "\u001b[2m";

/**
 * Doctor's table for a person: aligned STATUS, ID, CHECK and DETAIL columns, and under every
 * row that is not ok a `fix:` line starting in the DETAIL column.
 */
export function formatTable(rows: readonly CheckRow[], options: FormatOptions): string {
  const header = { status: "STATUS", id: "ID", label: "CHECK" };
  const width = {
    status: Math.max(header.status.length, ...rows.map((row) => row.status.length)),
    id: Math.max(header.id.length, ...rows.map((row) => row.id.length)),
    label: Math.max(header.label.length, ...rows.map((row) => row.label.length)),
  };
  const gap = "  ";
  const detailColumn = width.status + width.id + width.label + gap.length * 3;
  const lines = [
    [
      pad(header.status, width.status),
      pad(header.id, width.id),
      pad(header.label, width.label),
      "DETAIL",
    ].join(gap),
  ];
  for (const row of rows) {
    const status = pad(row.status, width.status);
    const coloured = options.color ? `${statusColor[row.status]}${status}${reset}` : status;
    lines.push(
      [coloured, pad(row.id, width.id), pad(row.label, width.label), row.detail].join(gap),
    );
    if (row.status !== "ok" && row.fix !== undefined) {
      const fix = `fix: ${row.fix}`;
      lines.push(" ".repeat(detailColumn) + (options.color ? `${dim}${fix}${reset}` : fix));
    }
  }
  return lines.map((line) => line.trimEnd()).join("\n") + "\n";
}

function pad(text: string, width: number): string {
  return text.padEnd(width);
}
