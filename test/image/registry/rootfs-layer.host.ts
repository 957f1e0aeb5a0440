import { execFileSync } from "node:child_process";

/**
 * The whole of `rootfs` (an airlock image's root filesystem) as one uncompressed tar layer:
 * numeric owners, modes, symlinks and hard links as tar records them.
 */
export function rootfsLayer(rootfs: string): Buffer {
  return execFileSync(
    "tar",
    ["--numeric-owner", "--one-file-system", "-C", rootfs, "-cf", "-", "."],
    { maxBuffer: 2 ** 31 - 1 },
  );
}
