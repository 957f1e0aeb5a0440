import type { PlannedJob } from "../../pipeline/model/planned-job.js";

/** `airlock run --list`: one row per job in pipeline order, columns aligned. */
export function formatJobList(jobs: readonly PlannedJob[]): string[] {
  const rows = [
    ["name", "stage", "when", "allow_failure", "needs"],
    ...jobs.map((job) => [
      job.plan.name,
      job.plan.stage,
      job.plan.when,
      typeof job.allowFailure === "boolean"
        ? String(job.allowFailure)
        : `exit_codes ${job.allowFailure.exitCodes.join(",")}`,
      job.plan.needs === undefined ? "" : `[${job.plan.needs.map((n) => n.job).join(", ")}]`,
    ]),
  ];
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd(),
  );
}
