import { chmod, lstat, mkdtemp, rm } from "node:fs/promises";
import { basename, join } from "node:path";
import { AirlockError } from "../../core/airlock-error.js";
import { lchownTree } from "./reown-tree.host.js";

/** How the next helper sandbox takes over a source tree; see treeHandover. */
export interface TreeHandover {
  /** The file (relative to the tree) the sandbox's root writes, empty, before anything else. */
  readonly marker: string;
  /** Gives the tree to the marker's owner and removes the marker's directory. */
  readonly adopt: () => Promise<void>;
}

/**
 * A source tree written by one helper sandbox (its root is an unmapped host uid, different
 * per sandbox) handed to the next: the host makes a directory of a fresh random name at
 * the tree's top, writable by all; the new sandbox writes `marker` into it; `adopt` then
 * gives `dir` and everything below it (links themselves, never their targets) to that
 * file's owner, and removes the directory. Call `adopt` while no process of a sandbox runs
 * (nothing changes the tree meanwhile).
 */
export async function treeHandover(dir: string): Promise<TreeHandover> {
  const handoverDir = await mkdtemp(join(dir, ".airlock-handover-"));
  await chmod(handoverDir, 0o777);
  const marker = join(basename(handoverDir), "owner");
  return {
    marker,
    adopt: async () => {
      const marked = await lstat(join(dir, marker));
      await rm(handoverDir, { recursive: true, force: true });
      if (!marked.isFile()) {
        throw new AirlockError(
          "AIRLOCK_E_GIT_SOURCES",
          "the checkout sandbox's owner marker is not a plain file",
        );
      }
      await lchownTree(dir, marked.uid, marked.gid);
    },
  };
}
