import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { AirlockError } from "../core/airlock-error.js";
import { readNames } from "./build-image.js";
import { readNameRecord } from "./image-metadata.js";
import { imageNamePattern, validateImageName } from "./image-name.js";
import { imageDir, nameRecordPath } from "./image-store-paths.js";
import type { ImageUsage } from "./image-usage.js";
import { moveImageAside } from "./move-image-aside.js";
import { formatImageReference, parseImageReference } from "./oci/image-reference.js";
import { readReferenceRecord } from "./oci/pulled-image-record.js";
import type { RemoveNameResult } from "./remove-name-result.js";
import { removePulledReference } from "./remove-pulled-reference.js";
import { removeTree } from "./remove-tree.host.js";
import { withStoreLock } from "./store-lock.js";

export type { RemoveNameResult } from "./remove-name-result.js";

/**
 * Removes the name NAME, or, when no image name NAME exists, the pulled OCI reference NAME
 * (`image rm debian:12`). The image stays until gc, or goes now with `prune` when no other
 * name or reference points at it and no running sandbox uses it.
 */
export async function removeImageName(
  name: string,
  options: { readonly prune?: boolean; readonly usage?: ImageUsage } = {},
): Promise<RemoveNameResult> {
  if (!imageNamePattern.test(name) || (await readNameRecord(name)) === undefined) {
    const reference = await pulledReferenceNamed(name);
    if (reference !== undefined) return removePulledReference(reference, options);
  }
  validateImageName(name);
  const doomed: string[] = [];
  const result = await withStoreLock(async (): Promise<RemoveNameResult> => {
    const record = await readNameRecord(name);
    if (record === undefined) {
      throw new AirlockError("AIRLOCK_E_IMAGE_NOT_FOUND", `image ${name} not found`, {
        fix: "run `airlock image ls` to see the image names",
      });
    }
    await rm(nameRecordPath(name), { force: true });
    if (options.prune !== true) return { name, id: record.id, pruned: false };
    if ([...(await readNames()).values()].includes(record.id)) {
      return { name, id: record.id, pruned: false, keptBecause: "other names point at it" };
    }
    if (options.usage === undefined || (await options.usage.isInUse(record.id))) {
      return { name, id: record.id, pruned: false, keptBecause: "a running sandbox uses it" };
    }
    if (existsSync(imageDir(record.id))) doomed.push(await moveImageAside(record.id));
    return { name, id: record.id, pruned: true };
  });
  for (const dir of doomed) await removeTree(dir);
  return result;
}

/** The reference record `text` names (a reference as the user writes it), if pulled. */
async function pulledReferenceNamed(text: string): Promise<string | undefined> {
  let reference: string;
  try {
    reference = formatImageReference(parseImageReference(text));
  } catch {
    return undefined;
  }
  return (await readReferenceRecord(reference)) === undefined ? undefined : reference;
}
