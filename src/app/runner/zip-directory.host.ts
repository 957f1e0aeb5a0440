import { lstat, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { createZip, type ZipEntry } from "../../gitlab/zip-archive.js";

/**
 * A zip of what the host directory `dir` holds (the artifacts the executor collected), paths
 * relative to it. Regular files and directories only: links and special files are left out.
 * Undefined when `dir` does not exist or holds nothing.
 */
export async function zipDirectory(dir: string): Promise<Buffer | undefined> {
  const entries: ZipEntry[] = [];
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
      if (stat.isDirectory()) {
        entries.push({ path: `${path}/`, data: new Uint8Array(), mode: stat.mode & 0o7777 });
        await walk(path);
      } else if (stat.isFile()) {
        entries.push({ path, data: await readFile(join(dir, path)), mode: stat.mode & 0o7777 });
      }
    }
  };
  await walk("");
  return entries.length === 0 ? undefined : createZip(entries);
}
