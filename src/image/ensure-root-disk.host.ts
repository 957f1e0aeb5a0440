import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { ext4FromTree } from "./ext4-from-tree.host.js";
import type { ResolvedImage } from "./image-ref.js";
import { imageDir } from "./image-store-paths.js";
import { isPidAlive } from "./process-alive.js";

const diskName = "rootfs.ext4";
const tmpPattern = /^rootfs\.ext4\.tmp-(\d+)-[0-9a-f]+$/;

/** The microVM base disk of an image: `images/<id>/rootfs.ext4`. */
export function rootDiskPath(imageId: string): string {
  return join(imageDir(imageId), diskName);
}

const building = new Map<string, Promise<string>>();

/**
 * The image's rootfs as a read-only ext4 disk for microVMs, made on first use (about 2.5 s
 * for the 300 MiB default image) and then shared by every VM of the image. The disk lives
 * in the image's directory, so `image rm` and `gc` remove it with the image. Safe against
 * concurrent callers: each writes a `.tmp-<pid>-*` file and renames it into place (the
 * files are equal, so the last rename wins harmlessly); temporary files of dead processes are
 * removed. Precondition: root (the image store is root's).
 */
export function ensureRootDisk(image: ResolvedImage): Promise<string> {
  let build = building.get(image.id);
  if (build === undefined) {
    build = makeRootDisk(image);
    building.set(image.id, build);
    build.catch(() => building.delete(image.id));
  }
  return build;
}

async function makeRootDisk(image: ResolvedImage): Promise<string> {
  const disk = rootDiskPath(image.id);
  if (existsSync(disk)) return disk;
  const dir = imageDir(image.id);
  for (const entry of await readdir(dir)) {
    const owner = tmpPattern.exec(entry)?.[1];
    if (owner !== undefined && !isPidAlive(Number(owner)))
      await rm(join(dir, entry), { force: true });
  }
  const tmp = join(dir, `${diskName}.tmp-${process.pid}-${randomBytes(6).toString("hex")}`);
  try {
    await ext4FromTree(image.rootfs, tmp, "airlock-base");
    await rename(tmp, disk);
  } finally {
    await rm(tmp, { force: true });
  }
  return disk;
}
