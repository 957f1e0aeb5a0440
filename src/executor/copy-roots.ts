import { posix } from "node:path";
import type { WorkspaceEntry } from "./match-artifact-paths.js";

/**
 * The fewest paths whose copies reproduce exactly the `selected` entries: a selected
 * directory all of whose entries are selected is one path; a directory with something left
 * out is not copied itself, only its selected entries (so it exists only if one does).
 */
export function copyRoots(
  entries: readonly WorkspaceEntry[],
  selected: readonly string[],
): readonly string[] {
  const chosen = new Set(selected);
  const incomplete = new Set<string>();
  for (const entry of entries) {
    if (chosen.has(entry.path)) continue;
    for (let dir = posix.dirname(entry.path); dir !== "."; dir = posix.dirname(dir)) {
      incomplete.add(dir);
    }
  }
  const directories = new Set(entries.filter((e) => e.directory).map((e) => e.path));
  const whole = (path: string): boolean =>
    chosen.has(path) && !(directories.has(path) && incomplete.has(path));
  return [...chosen].sort().filter((path) => {
    if (!whole(path)) return false;
    for (let dir = posix.dirname(path); dir !== "."; dir = posix.dirname(dir)) {
      if (whole(dir)) return false;
    }
    return true;
  });
}
