import { lstat, mkdir, readlink } from "node:fs/promises";
import { join } from "node:path";

const maxSymlinks = 40;

/** Thrown when a path cannot be resolved inside the root (a file where a directory must be, a loop). */
export class UnsafePathError extends Error {
  override readonly name = "UnsafePathError";
}

/**
 * The host path of the directory `components` name inside `root`, resolved as the image
 * would see it from inside (like Go's securejoin): a symlink met on the way is followed
 * relative to `root` (an absolute target restarts at `root`, `..` stops at `root`), so the
 * result always lies inside `root`. Missing directories are created (mode 0755, owned by
 * the caller) when `create` is set, else the result is undefined.
 * Precondition: nothing else writes below `root` meanwhile (a private, root-only directory
 * being unpacked): the check and the later use then see the same tree.
 */
export async function resolveDirInRoot(
  root: string,
  components: readonly string[],
  create: boolean,
): Promise<string | undefined> {
  const todo = [...components];
  const stack: string[] = [];
  let links = 0;
  while (todo.length > 0) {
    const part = todo.shift() ?? "";
    if (part === "" || part === ".") continue;
    if (part === "..") {
      stack.pop();
      continue;
    }
    const path = join(root, ...stack, part);
    const stat = await lstat(path).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    });
    if (stat === undefined) {
      if (!create) return undefined;
      await mkdir(path, { mode: 0o755 });
    } else if (stat.isSymbolicLink()) {
      if (++links > maxSymlinks)
        throw new UnsafePathError(`too many symlinks resolving /${components.join("/")}`);
      const target = await readlink(path);
      if (target.startsWith("/")) stack.length = 0;
      todo.unshift(...target.split("/"));
      continue;
    } else if (!stat.isDirectory()) {
      throw new UnsafePathError(`/${[...stack, part].join("/")} is not a directory`);
    }
    stack.push(part);
  }
  return join(root, ...stack);
}
