import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";

/**
 * Removes the work directories (`<workRoot>/jobs/<job id>-<random>`) of jobs no live runner
 * is running: they hold a job's sources, artifacts and file variables, and a runner killed
 * mid-job could not remove its own. Precondition: called at start-up, before this runner
 * takes a job; `liveJobIds` are the jobs other live runners sharing the work root recorded
 * as in flight. Returns the directories removed.
 */
export async function sweepJobDirs(
  workRoot: string,
  liveJobIds: ReadonlySet<number>,
): Promise<readonly string[]> {
  const root = join(workRoot, "jobs");
  const names = await readdir(root).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  });
  const removed: string[] = [];
  for (const name of names) {
    const id = /^(\d+)-/.exec(name)?.[1];
    if (id !== undefined && liveJobIds.has(Number(id))) continue;
    await rm(join(root, name), { recursive: true, force: true });
    removed.push(join(root, name));
  }
  return removed;
}
