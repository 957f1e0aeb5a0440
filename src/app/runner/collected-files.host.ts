import { lstat, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

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
  const walk = async (relative: string): Promise<void> => {
    let names: string[];
    try {
      names = await readdir(join(dir, relative));
    } catch (error: unknown) {
      if (error instanceof Error && "code" in error && error.code === "ENOENT") return;
      throw error;
    }
    for (const name of names) {
      const path = relative === "" ? name : `${relative}/${name}`;
      const stat = await lstat(join(dir, path));
      if (stat.isDirectory()) await walk(path);
      else if (stat.isFile()) {
        const data = await readFile(join(dir, path));
        files.push({ path, data, mode: stat.mode & 0o7777, mtimeMs: stat.mtimeMs });
      }
    }
  };
  await walk("");
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
