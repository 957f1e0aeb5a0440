/** A path into a parsed configuration tree: table keys and array indexes. */
export type DocPath = readonly (string | number)[];

/** A parsed configuration file: its value tree and where each path was written. */
export interface ConfigDoc {
  readonly root: unknown;
  /** The 1-based line of `path`, or of its nearest written ancestor. */
  lineOf(path: DocPath): number | undefined;
  /** The first line at or after `path` whose text contains `needle` (for array elements). */
  lineOfText(path: DocPath, needle: string): number | undefined;
}

export type Table = Readonly<Record<string, unknown>>;

export function isTable(value: unknown): value is Table {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function valueAt(root: unknown, path: DocPath): unknown {
  let current = root;
  for (const part of path) {
    if (typeof part === "number") {
      if (!Array.isArray(current)) return undefined;
      current = (current as readonly unknown[])[part];
    } else {
      if (!isTable(current)) return undefined;
      current = current[part];
    }
  }
  return current;
}

export function tableAt(root: unknown, path: DocPath): Table | undefined {
  const value = valueAt(root, path);
  return isTable(value) ? value : undefined;
}

export function stringAt(root: unknown, path: DocPath): string | undefined {
  const value = valueAt(root, path);
  return typeof value === "string" ? value : undefined;
}

export function booleanAt(root: unknown, path: DocPath): boolean | undefined {
  const value = valueAt(root, path);
  return typeof value === "boolean" ? value : undefined;
}

export function numberAt(root: unknown, path: DocPath): number | undefined {
  const value = valueAt(root, path);
  if (typeof value === "bigint") return Number(value);
  return typeof value === "number" ? value : undefined;
}

/** The strings of an array (non-strings skipped); a lone string counts as a one-element list. */
export function stringsAt(root: unknown, path: DocPath): readonly string[] {
  const value = valueAt(root, path);
  if (typeof value === "string") return [value];
  if (!Array.isArray(value)) return [];
  return (value as readonly unknown[]).filter((item): item is string => typeof item === "string");
}

export function arrayAt(root: unknown, path: DocPath): readonly unknown[] {
  const value = valueAt(root, path);
  return Array.isArray(value) ? (value as readonly unknown[]) : [];
}

/** Renders a path for people: `runners[0].docker.volumes[1]`. */
export function formatPath(path: DocPath): string {
  return path
    .map((part, index) =>
      typeof part === "number" ? `[${part}]` : index === 0 ? part : `.${part}`,
    )
    .join("");
}
