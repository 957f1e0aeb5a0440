import { copyFile, lstat, mkdir, readlink, rm, symlink } from "node:fs/promises";
import { dirname, join } from "node:path";
import { runChecked } from "../../core/run-command.host.js";
import type { WorkTree } from "./list-work-tree.host.js";

/** GitLab's default GIT_DEPTH for new projects. */
const depth = 20;

/**
 * The job's sources, made once at pipeline start in `into`, as GitLab's runner would check
 * them out: a shallow (depth 20) git repository with HEAD detached at the current commit,
 * so `git log` and `git describe` work in jobs; then the work tree as it is on disk now on
 * top (uncommitted edits, deletions and untracked files that are not ignored), so a run
 * tests what the developer sees (`tree`, listed once per run). The host's remotes, hooks and
 * config are not copied.
 */
export async function snapshotTree(topLevel: string, tree: WorkTree, into: string): Promise<void> {
  const git = async (...args: string[]): Promise<string> =>
    (await runChecked(["git", ...args])).stdout;
  await mkdir(into, { recursive: true });
  await git("-C", into, "init", "--quiet");
  await git(
    "-C",
    into,
    "fetch",
    "--quiet",
    "--no-tags",
    `--depth=${String(depth)}`,
    `file://${topLevel}`,
    "HEAD",
  );
  await git(
    "-C",
    into,
    "-c",
    "advice.detachedHead=false",
    "checkout",
    "--quiet",
    "--detach",
    "FETCH_HEAD",
  );
  for (const path of tree.deleted) await rm(join(into, path), { force: true });
  for (const path of tree.files) {
    const from = join(topLevel, path);
    const stat = await lstat(from).catch(() => undefined);
    if (stat === undefined || stat.isDirectory()) continue; // deleted, or a submodule
    const to = join(into, path);
    await mkdir(dirname(to), { recursive: true });
    await rm(to, { force: true });
    if (stat.isSymbolicLink()) await symlink(await readlink(from), to);
    else await copyFile(from, to);
  }
}
