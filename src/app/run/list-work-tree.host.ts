import { runChecked } from "../../core/run-command.host.js";

/** The work tree as git sees it, paths relative to its top level. */
export interface WorkTree {
  /** Tracked and untracked-not-ignored files: what a push of this state would hold. */
  readonly files: readonly string[];
  /** Tracked files deleted on disk. */
  readonly deleted: readonly string[];
}

/** Lists the work tree once per run; the snapshot and the pipeline's file rules share it. */
export async function listWorkTree(topLevel: string): Promise<WorkTree> {
  const list = async (...args: string[]): Promise<string[]> =>
    (await runChecked(["git", "-C", topLevel, "ls-files", "-z", ...args])).stdout
      .split("\0")
      .filter((path) => path !== "");
  const [tracked, untracked, deleted] = await Promise.all([
    list("--cached"),
    list("--others", "--exclude-standard"),
    list("--deleted"),
  ]);
  return { files: [...new Set([...tracked, ...untracked])], deleted };
}
