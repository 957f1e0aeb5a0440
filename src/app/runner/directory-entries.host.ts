import { lstat, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

/** A directory or regular file under a walked host directory, `path` relative to it. */
export type DirectoryEntry =
  | { readonly kind: "dir"; readonly path: string; readonly mode: number }
  | {
      readonly kind: "file";
      readonly path: string;
      readonly data: Buffer;
      readonly mode: number;
      readonly mtimeMs: number;
    };

/**
 * The directories and regular files under the host directory `dir` (not `dir` itself), each
 * directory before its contents, names sorted within a directory; `mode` holds the permission
 * bits (0o7777). Links and special files are left out, never followed. Empty when `dir` does
 * not exist.
 */
export async function directoryEntries(dir: string): Promise<readonly DirectoryEntry[]> {
  const entries: DirectoryEntry[] = [];
  const walk = async (relative: string): Promise<void> => {
    let names: string[];
    try {
      names = await readdir(join(dir, relative));
    } catch (error: unknown) {
      if (error instanceof Error && "code" in error && error.code === "ENOENT") return;
      throw error;
    }
    for (const name of names.sort()) {
      const path = relative === "" ? name : `${relative}/${name}`;
      const stat = await lstat(join(dir, path));
      const mode = stat.mode & 0o7777;
      if (stat.isDirectory()) {
        entries.push({ kind: "dir", path, mode });
        await walk(path);
      } else if (stat.isFile()) {
        const data = await readFile(join(dir, path));
        entries.push({ kind: "file", path, data, mode, mtimeMs: stat.mtimeMs });
      }
    }
  };
  await walk("");
  return entries;
}
