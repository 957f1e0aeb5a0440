import { copyFile, lstat, mkdir, readlink, symlink } from "node:fs/promises";
import { dirname, join } from "node:path";
import { runChecked } from "../../core/run-command.host.js";

export interface TreeSnapshot {
  readonly dir: string;
  /** Relative paths of the files git tracks (for `untracked:` artifacts and caches). */
  readonly tracked: readonly string[];
}

/**
 * Copies the work tree at `topLevel` into `into` once, at pipeline start: tracked files as
 * they are on disk now (uncommitted edits included) and untracked files that are not
 * ignored, as GitLab would see them after a push of this state. `.git` is not copied.
 * Symbolic links are copied as links; files deleted but still tracked are skipped.
 */
export async function snapshotTree(topLevel: string, into: string): Promise<TreeSnapshot> {
  const list = async (...args: string[]): Promise<string[]> =>
    (await runChecked(["git", "-C", topLevel, "ls-files", "-z", ...args])).stdout
      .split("\0")
      .filter((path) => path !== "");
  const tracked = await list("--cached");
  const untracked = await list("--others", "--exclude-standard");
  await mkdir(into, { recursive: true });
  for (const path of [...new Set([...tracked, ...untracked])]) {
    const from = join(topLevel, path);
    const stat = await lstat(from).catch(() => undefined);
    if (stat === undefined || stat.isDirectory()) continue; // deleted, or a submodule
    const to = join(into, path);
    await mkdir(dirname(to), { recursive: true });
    if (stat.isSymbolicLink()) await symlink(await readlink(from), to);
    else await copyFile(from, to);
  }
  return { dir: into, tracked };
}
