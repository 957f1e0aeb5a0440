import { constants } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import { resolveDirInRoot, UnsafePathError } from "./resolve-in-root.js";

/**
 * The text of `/etc/NAME` inside the image root filesystem `rootfs`, read as the image sees
 * it but never outside it: `/etc` resolved within the root (resolveDirInRoot), the file
 * itself opened without following a symlink (nor blocking on a FIFO). Undefined when it is missing, a symlink or not
 * a regular file. At most 1 MiB is read.
 */
export async function readImageEtcFile(rootfs: string, name: string): Promise<string | undefined> {
  let dir: string | undefined;
  try {
    dir = await resolveDirInRoot(rootfs, ["etc"], false);
  } catch (error: unknown) {
    if (error instanceof UnsafePathError) return undefined;
    throw error;
  }
  if (dir === undefined) return undefined;
  const file = await open(
    join(dir, name),
    constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK,
  ).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ELOOP" || code === "ENOTDIR") return undefined;
    throw error;
  });
  if (file === undefined) return undefined;
  try {
    if (!(await file.stat()).isFile()) return undefined;
    const buffer = Buffer.alloc(1 << 20);
    const { bytesRead } = await file.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString("utf8");
  } finally {
    await file.close();
  }
}
