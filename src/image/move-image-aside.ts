import { randomBytes } from "node:crypto";
import { rename } from "node:fs/promises";
import { join } from "node:path";
import { imageDir, imagesDir, tmpDirName } from "./image-store-paths.js";

/**
 * Renames the image directory of `id` out of the store's namespace (atomic), to be removed
 * after (removeTree) outside the store lock; returns where it went. The caller holds the
 * store lock. A process that dies before removing it leaves a tmp directory gc removes.
 */
export async function moveImageAside(id: string): Promise<string> {
  const aside = join(imagesDir(), tmpDirName(process.pid, randomBytes(6).toString("hex")));
  await rename(imageDir(id), aside);
  return aside;
}
