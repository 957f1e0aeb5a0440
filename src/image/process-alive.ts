import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";

/** Whether a process with this pid exists on this host (its /proc entry is there). */
export function isPidAlive(pid: number): boolean {
  return Number.isInteger(pid) && pid > 0 && existsSync(`/proc/${pid}`);
}

/**
 * Whether a live process has `path` in its command line. A build's owner may die while its
 * mmdebstrap (whose arguments name the build directory) still runs and writes there.
 */
export async function isPathInAnyCommandLine(path: string): Promise<boolean> {
  const pids = (await readdir("/proc").catch(() => [] as string[])).filter((e) => /^\d+$/.test(e));
  for (const pid of pids) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
    if (cmdline.split("\0").some((arg) => arg.includes(path))) return true;
  }
  return false;
}
