import { chmod, lchown, readdir } from "node:fs/promises";
import { join } from "node:path";

/**
 * Gives `dir` and everything below it to host root (links themselves, never their targets)
 * and closes `dir` to others again: a helper sandbox wrote it as its own unprivileged host
 * uid, which no other sandbox maps. Call only after that sandbox is destroyed (nothing
 * changes the tree meanwhile).
 */
export async function reownTree(dir: string): Promise<void> {
  await lchown(dir, 0, 0);
  await chmod(dir, 0o755);
  const walk = async (parent: string): Promise<void> => {
    for (const entry of await readdir(parent, { withFileTypes: true })) {
      const path = join(parent, entry.name);
      await lchown(path, 0, 0);
      if (entry.isDirectory()) await walk(path);
    }
  };
  await walk(dir);
}

/** Lets a helper sandbox's root (an unmapped host uid) write into the empty `dir`. */
export async function openForSandbox(dir: string): Promise<void> {
  await chmod(dir, 0o777);
}
