import { readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";

/** A mirror no job has used for this long is removed when the runner starts. */
export const gitCacheMaxIdleDays = 14;

/**
 * Removes the git cache's mirrors (`<workRoot>/git-cache/<key>.git` with its `<key>.ls-remote`
 * stamp) that no job used for `gitCacheMaxIdleDays`: the stamp's mtime is the last use
 * (refreshMirror touches it), the mirror's own mtime stands in for a missing stamp.
 * Precondition: no job of this work root runs (called at start-up). Returns the keys removed.
 */
export async function sweepGitCache(workRoot: string, now: number): Promise<readonly string[]> {
  const dir = join(workRoot, "git-cache");
  const names = await readdir(dir).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  });
  const removed: string[] = [];
  for (const name of names) {
    const key = /^([0-9a-f]{64})\.git$/.exec(name)?.[1];
    if (key === undefined) continue;
    const used =
      (await stat(join(dir, `${key}.ls-remote`)).catch(() => undefined)) ??
      (await stat(join(dir, name)));
    if (now - used.mtimeMs < gitCacheMaxIdleDays * 86_400_000) continue;
    await rm(join(dir, `${key}.ls-remote`), { force: true });
    await rm(join(dir, name), { recursive: true, force: true });
    removed.push(key);
  }
  return removed;
}
