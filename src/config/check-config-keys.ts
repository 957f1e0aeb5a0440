import { isTable, type DocPath, type Table } from "./config-doc.js";
import type { ConfigProblems } from "./config-problems.js";

/** How airlock treats the keys of one table. */
export interface KeyPolicy {
  /** Keys airlock reads (their values are checked elsewhere). */
  readonly supported: ReadonlySet<string>;
  /** Keys gitlab-runner knows that airlock does not use, with the reason shown. */
  readonly unused: ReadonlySet<string>;
  /** Why the `unused` keys have no effect, shown once per key. */
  readonly unusedReason: string;
}

/**
 * Reports every key of `table` airlock does not read: a key gitlab-runner knows but airlock
 * does not use is a warning when its value would change anything (not false, 0, "", [] or a
 * table of such); any other key is an error (a typo, or a key of another program).
 */
export function checkConfigKeys(
  table: Table,
  path: DocPath,
  policy: KeyPolicy,
  problems: ConfigProblems,
): void {
  for (const [key, value] of Object.entries(table)) {
    if (policy.supported.has(key)) continue;
    if (policy.unused.has(key)) {
      if (!isZero(value))
        problems.warn([...path, key], `has no effect in airlock: ${policy.unusedReason}`);
      continue;
    }
    problems.error(
      [...path, key],
      `unknown key (neither gitlab-runner nor airlock reads it${path.length === 0 ? "" : " in this table"}): check its spelling and the table it is in`,
    );
  }
}

/** gitlab-runner's zero values: what its register writes for settings nobody chose. */
export function isZero(value: unknown): boolean {
  if (value === false || value === 0 || value === "" || value === 0n) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isTable(value)) return Object.values(value).every(isZero);
  return false;
}
