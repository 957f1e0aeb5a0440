import type { CheckRow } from "./host-report.js";

/** The Debian packages `doctor --fix` installs: one per row that is not ok and has one. */
export function fixPackages(rows: readonly CheckRow[]): string[] {
  const packages = rows
    .filter((row) => row.status !== "ok")
    .flatMap((row) => (row.package === undefined ? [] : [row.package]));
  return [...new Set(packages)].sort();
}
