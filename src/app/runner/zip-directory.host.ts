import { createZip, type ZipEntry } from "../../gitlab/zip-archive.js";
import { directoryEntries } from "./directory-entries.host.js";

/**
 * A zip of what the host directory `dir` holds (the artifacts the executor collected), paths
 * relative to it. Regular files and directories only: links and special files are left out.
 * Undefined when `dir` does not exist or holds nothing.
 */
export async function zipDirectory(dir: string): Promise<Buffer | undefined> {
  const entries: ZipEntry[] = (await directoryEntries(dir)).map((entry) =>
    entry.kind === "dir"
      ? { path: `${entry.path}/`, data: new Uint8Array(), mode: entry.mode }
      : { path: entry.path, data: entry.data, mode: entry.mode },
  );
  return entries.length === 0 ? undefined : createZip(entries);
}
