import { chmod, lchown, readdir } from "node:fs/promises";
import { join } from "node:path";

/**
 * Gives `dir` and everything below it to host root (links themselves, never their targets)
 * and closes `dir` to others again: a helper sandbox wrote it as its own unprivileged host
 * uid, which no other sandbox maps. Call only after that sandbox is destroyed (nothing
 * changes the tree meanwhile).
 */
export async function reownTree(dir: string): Promise<void> {
  await lchownTree(dir, 0, 0);
  await chmod(dir, 0o755);
}

/**
 * Gives `dir` and everything below it to `uid`:`gid`, links themselves and never their
 * targets. Precondition: nothing changes the tree meanwhile.
 */
export async function lchownTree(dir: string, uid: number, gid: number): Promise<void> {
  await lchown(dir, uid, gid);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await lchownTree(path, uid, gid);
    else await lchown(path, uid, gid);
  }
}

/** Lets a helper sandbox's root (an unmapped host uid) write into the empty `dir`. */
export async function openForSandbox(dir: string): Promise<void> {
  await chmod(dir, 0o777);
}
