import { existsSync } from "node:fs";
import { AirlockError } from "../core/airlock-error.js";
import { readNames } from "./build-image.js";
import { imageDir } from "./image-store-paths.js";
import type { ImageUsage } from "./image-usage.js";
import { moveImageAside } from "./move-image-aside.js";
import {
  readReferenceRecord,
  readReferenceRecords,
  removeReferenceRecord,
} from "./oci/pulled-image-record.js";
import type { RemoveNameResult } from "./remove-name-result.js";
import { removeTree } from "./remove-tree.host.js";
import { withStoreLock } from "./store-lock.js";

/**
 * removeImageName for the pulled reference `reference` (normalised, as its record is named):
 * the record goes; with `prune` the image too, when no image name or other reference points
 * at it and `usage` says no running sandbox uses it. Throws AIRLOCK_E_IMAGE_NOT_FOUND when
 * the record is gone meanwhile.
 */
export async function removePulledReference(
  reference: string,
  options: { readonly prune?: boolean; readonly usage?: ImageUsage },
): Promise<RemoveNameResult> {
  const doomed: string[] = [];
  const result = await withStoreLock(async (): Promise<RemoveNameResult | undefined> => {
    const record = await readReferenceRecord(reference);
    if (record === undefined) return undefined;
    await removeReferenceRecord(reference);
    const base = { name: reference, id: record.id };
    if (options.prune !== true) return { ...base, pruned: false };
    const stillNamed =
      [...(await readNames()).values()].includes(record.id) ||
      (await readReferenceRecords()).some((r) => r.id === record.id);
    if (stillNamed) return { ...base, pruned: false, keptBecause: "other names point at it" };
    if (options.usage === undefined || (await options.usage.isInUse(record.id))) {
      return { ...base, pruned: false, keptBecause: "a running sandbox uses it" };
    }
    if (existsSync(imageDir(record.id))) doomed.push(await moveImageAside(record.id));
    return { ...base, pruned: true };
  });
  if (result === undefined) {
    throw new AirlockError("AIRLOCK_E_IMAGE_NOT_FOUND", `image ${reference} not found`, {
      fix: "run `airlock image ls` to see the image names",
    });
  }
  for (const dir of doomed) await removeTree(dir);
  return result;
}
