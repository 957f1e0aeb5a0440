import { readNames, removeStaleTmpDirs, shortId } from "./build-image.js";
import { readImageMetadata } from "./image-metadata.js";
import type { ImageUsage } from "./image-usage.js";
import { moveImageAside } from "./move-image-aside.js";
import { collectBlobs, type BlobGcResult } from "./oci/collect-blobs.js";
import { readPulledMetadata, readReferenceRecords } from "./oci/pulled-image-record.js";
import { removeTree } from "./remove-tree.host.js";
import { storedImageIds } from "./stored-image-ids.js";
import { withStoreLock } from "./store-lock.js";

/** What `airlock image gc` did. */
export interface GcResult {
  readonly removed: readonly { readonly id: string; readonly sizeBytes: number }[];
  /** Pulled blobs (layers, configs, manifests) no remaining image refers to. */
  readonly blobs: BlobGcResult;
  readonly kept: readonly { readonly id: string; readonly reason: string }[];
  /** Directories of builds or removals whose process died, removed too. */
  readonly staleRemoved: number;
  readonly warnings: readonly string[];
}

/**
 * Removes every image directory no name or pulled reference points at and no running sandbox
 * uses (`usage` decides), the pulled blobs no remaining image refers to, and leftovers of
 * builds whose process died. Images with names are never touched. A directory that cannot be
 * removed is a warning, not an error.
 */
export async function collectGarbage(usage: ImageUsage): Promise<GcResult> {
  const stale = await removeStaleTmpDirs();
  const warnings = [...stale.warnings];
  const doomed: { id: string; dir: string; sizeBytes: number }[] = [];
  const kept: { id: string; reason: string }[] = [];
  const blobs = await withStoreLock(async () => {
    const referenced = new Set((await readNames()).values());
    for (const record of await readReferenceRecords()) referenced.add(record.id);
    for (const id of await storedImageIds()) {
      if (referenced.has(id)) continue;
      if (await usage.isInUse(id)) {
        kept.push({ id, reason: "a running sandbox uses it" });
        continue;
      }
      const metadata = (await readImageMetadata(id)) ?? (await readPulledMetadata(id));
      doomed.push({ id, dir: await moveImageAside(id), sizeBytes: metadata?.sizeBytes ?? 0 });
    }
    const remaining = new Set(await storedImageIds());
    return collectBlobs([...remaining]);
  });
  const removed: { id: string; sizeBytes: number }[] = [];
  for (const item of doomed) {
    try {
      await removeTree(item.dir);
      removed.push({ id: item.id, sizeBytes: item.sizeBytes });
    } catch (error: unknown) {
      warnings.push(`could not remove ${shortId(item.id)} (${item.dir}): ${String(error)}`);
    }
  }
  return { removed, blobs, kept, staleRemoved: stale.removed.length, warnings };
}
