import { valueAt, type DocPath } from "./config-doc.js";
import type { ConfigProblems } from "./config-problems.js";

/**
 * Typed reads of one key each: the value, or undefined when absent; a value of the wrong
 * type is recorded as an error (and read as undefined) so that parsing goes on and every
 * problem is reported at once.
 */
export class TomlFields {
  constructor(
    private readonly root: unknown,
    private readonly problems: ConfigProblems,
  ) {}

  string(path: DocPath): string | undefined {
    const value = valueAt(this.root, path);
    if (value === undefined || typeof value === "string") return value;
    this.problems.error(path, `expected a string, got ${describe(value)}`);
    return undefined;
  }

  /** An integer at least `min`. */
  integer(path: DocPath, min: number): number | undefined {
    const value = valueAt(this.root, path);
    if (value === undefined) return undefined;
    const number = typeof value === "bigint" ? Number(value) : value;
    if (typeof number !== "number" || !Number.isSafeInteger(number) || number < min) {
      this.problems.error(
        path,
        `expected a whole number of at least ${min}, got ${describe(value)}`,
      );
      return undefined;
    }
    return number;
  }

  /** One of `choices`. */
  choice<T extends string>(path: DocPath, choices: readonly T[]): T | undefined {
    const value = this.string(path);
    if (value === undefined) return undefined;
    const found = choices.find((choice) => choice === value);
    if (found === undefined) {
      this.problems.error(path, `expected one of ${choices.join(", ")}, got "${value}"`);
    }
    return found;
  }

  /** A list of strings; `loneString` also accepts one string as a one-element list. */
  strings(path: DocPath, loneString = false): readonly string[] {
    const value = valueAt(this.root, path);
    if (value === undefined) return [];
    if (loneString && typeof value === "string") return [value];
    if (Array.isArray(value) && value.every((item): item is string => typeof item === "string")) {
      return value;
    }
    this.problems.error(path, `expected a list of strings, got ${describe(value)}`);
    return [];
  }

  /** A TOML date-time or an RFC 3339 string, as ISO 8601; gitlab-runner's zero time is absent. */
  timestamp(path: DocPath): string | undefined {
    const value = valueAt(this.root, path);
    if (value === undefined) return undefined;
    const time =
      value instanceof Date ? value.getTime() : typeof value === "string" ? Date.parse(value) : NaN;
    if (Number.isNaN(time)) {
      this.problems.error(
        path,
        `expected a date-time such as 2025-01-31T12:00:00Z, got ${describe(value)}`,
      );
      return undefined;
    }
    // 0001-01-01T00:00:00Z is Go's zero time: gitlab-runner writes it for "never expires".
    return new Date(time).getUTCFullYear() <= 1 ? undefined : new Date(time).toISOString();
  }
}

export function describe(value: unknown): string {
  if (value instanceof Date) return `the date ${value.toISOString()}`;
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object" && value !== null) return "a table";
  return typeof value === "string" ? `"${value}"` : String(value);
}
