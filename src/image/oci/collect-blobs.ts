import { readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { blobsDir, imagesDir, tmpDirPattern } from "../image-store-paths.js";
import { isPidAlive } from "../process-alive.js";
import { readPulledMetadata } from "./pulled-image-record.js";

export interface BlobGcResult {
  readonly removed: number;
  readonly freedBytes: number;
  /** Set when blobs were kept because a pull (or build) in another live process is under way. */
  readonly keptBecause: string | undefined;
}

/**
 * Removes the blobs no stored pulled image (`storedIds`) refers to (its manifest, config and
 * layers), and blob downloads whose process died. Keeps every blob while another live
 * process owns an `images/.tmp-<pid>-*` directory: its pull may have fetched blobs no image
 * refers to yet. Precondition: the store lock is held.
 */
export async function collectBlobs(storedIds: readonly string[]): Promise<BlobGcResult> {
  const busy = (await entries(imagesDir())).some((entry) => {
    const pid = Number(tmpDirPattern.exec(entry)?.[1] ?? Number.NaN);
    return !Number.isNaN(pid) && pid !== process.pid && isPidAlive(pid);
  });
  if (busy) return { removed: 0, freedBytes: 0, keptBecause: "a pull or build is under way" };
  const wanted = new Set<string>();
  for (const id of storedIds) {
    const metadata = await readPulledMetadata(id);
    if (metadata === undefined) continue;
    for (const digest of [metadata.manifestDigest, metadata.configDigest, ...metadata.layers]) {
      wanted.add(digest.slice("sha256:".length));
    }
  }
  let removed = 0;
  let freedBytes = 0;
  for (const entry of await entries(blobsDir())) {
    const temporary = tmpDirPattern.exec(entry);
    if (temporary !== null ? isPidAlive(Number(temporary[1])) : wanted.has(entry)) continue;
    if (temporary === null && !/^[0-9a-f]{64}$/.test(entry)) continue;
    const path = join(blobsDir(), entry);
    freedBytes += (await stat(path).catch(() => undefined))?.size ?? 0;
    await rm(path, { force: true });
    removed++;
  }
  return { removed, freedBytes, keptBecause: undefined };
}

async function entries(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}
