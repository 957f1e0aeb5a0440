import { directoryEntries } from "./directory-entries.host.js";

/** A regular file the executor collected, `path` relative to the collection directory. */
export interface CollectedFile {
  readonly path: string;
  readonly data: Buffer;
  readonly mode: number;
  readonly mtimeMs: number;
}

/**
 * The regular files under the host directory `dir`, sorted by path (as gitlab-runner sorts
 * a report's files); links and special files are left out, never followed. Empty when `dir`
 * does not exist.
 */
export async function collectedFiles(dir: string): Promise<readonly CollectedFile[]> {
  const files: CollectedFile[] = [];
  for (const entry of await directoryEntries(dir)) {
    if (entry.kind === "file") {
      files.push({ path: entry.path, data: entry.data, mode: entry.mode, mtimeMs: entry.mtimeMs });
    }
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
