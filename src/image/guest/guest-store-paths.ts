import { join } from "node:path";
import { imagesDir } from "../image-store-paths.js";

/**
 * The guest boot files' part of the image store:
 *   images/guest/<key>/vmlinuz         the kernel, as Debian ships it
 *   images/guest/<key>/initramfs.img   gzip'd newc cpio: /init (guest-init) and the modules
 *   images/guest/<key>/meta.json       GuestBootMeta; written last, so its presence = complete
 *   images/guest/.tmp-<pid>-<random>/  a build in progress by process <pid>
 * <key> is guestBootKey(...): sha256 over the kernel package and version, the init binary
 * and the module list. Directories are created whole by rename, never changed afterwards.
 */
export function guestDir(): string {
  return join(imagesDir(), "guest");
}

export function guestBootDir(key: string): string {
  return join(guestDir(), key);
}
