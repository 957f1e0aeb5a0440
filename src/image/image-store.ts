import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { AirlockError } from "../core/airlock-error.js";
import {
  buildImage,
  presentImage,
  readNames,
  removeStaleTmpDirs,
  resolvedImage,
  shortId,
  type BuildOptions,
} from "./build-image.js";
import {
  imageDir,
  imageIdPattern,
  imagesDir,
  nameRecordPath,
  tmpDirName,
} from "./image-store-paths.js";
import { readImageMetadata, readNameRecord, type ImageMetadata } from "./image-metadata.js";
import { readNetworkLimit, type ImageNetworkLimit } from "./image-network-limit.js";
import { imageNamePattern, validateImageName } from "./image-name.js";
import { canonicalPackages, type ImageRecipe } from "./image-recipe.js";
import type { ResolvedImage } from "./image-ref.js";
import type { ImageUsage } from "./image-usage.js";
import { removeTree } from "./remove-tree.host.js";
import { withStoreLock } from "./store-lock.js";
import { collectBlobs, type BlobGcResult } from "./oci/collect-blobs.js";
import { formatImageReference, parseImageReference } from "./oci/image-reference.js";
import {
  readPulledMetadata,
  readReferenceRecord,
  readReferenceRecords,
  removeReferenceRecord,
  type PulledImageMetadata,
} from "./oci/pulled-image-record.js";
import { pulledResolvedImage } from "./oci/pulled-resolved-image.js";

export { buildImage, shortId, type BuildOptions, type BuildResult } from "./build-image.js";

/** One stored image as `airlock image ls` shows it. */
export interface ImageInfo {
  readonly id: string;
  /** `build`: made by `image build` (id: recipe hash); `pull`: pulled from a registry (id: manifest digest). */
  readonly source: "build" | "pull";
  /**
   * Names pointing at it (for a pulled image: the references pulled into it), sorted; empty
   * for an image only gc is waiting for.
   */
  readonly names: readonly string[];
  readonly rootfs: string;
  readonly createdAt: string;
  readonly sizeBytes: number;
  /** Installed Debian packages of a built image; undefined for a pulled one. */
  readonly packageCount: number | undefined;
  /** The recipe of a built image; undefined for a pulled one. */
  readonly recipe: ImageRecipe | undefined;
  /** `airlock image limit`: the most its sandboxes may reach; undefined: no limit. */
  readonly networkLimit: ImageNetworkLimit | undefined;
}

/**
 * Finds an image by name, full id, or unique id prefix of at least 12 hex characters.
 * Throws AIRLOCK_E_IMAGE_NOT_FOUND (saying how to build it) when there is none.
 */
export async function resolveImage(nameOrId: string): Promise<ResolvedImage> {
  if (imageNamePattern.test(nameOrId)) {
    const record = await readNameRecord(nameOrId);
    if (record !== undefined) {
      if ((await presentImage(record.id)) === undefined) {
        throw new AirlockError(
          "AIRLOCK_E_IMAGE_NOT_FOUND",
          `image ${nameOrId} points at ${shortId(record.id)}, which is not in the store (removed by hand?)`,
          { fix: `run \`airlock image build ${nameOrId}\`` },
        );
      }
      return resolvedImage(record.id);
    }
  }
  if (/^[0-9a-f]{12,64}$/.test(nameOrId)) {
    const matches = (await storedImageIds()).filter((id) => id.startsWith(nameOrId));
    if (matches.length > 1) {
      throw new AirlockError(
        "AIRLOCK_E_IMAGE_NOT_FOUND",
        `image id prefix ${nameOrId} is ambiguous`,
        {
          fix: "give more characters of the id (`airlock image ls --json` shows full ids)",
        },
      );
    }
    const [id] = matches;
    if (id !== undefined && (await presentImage(id)) !== undefined) return resolvedImage(id);
    if (id !== undefined && (await readPulledMetadata(id)) !== undefined) {
      return pulledResolvedImage(id);
    }
  }
  throw new AirlockError("AIRLOCK_E_IMAGE_NOT_FOUND", `image ${nameOrId} not found`, {
    fix: imageNamePattern.test(nameOrId)
      ? `run \`airlock image build ${nameOrId}\``
      : "run `airlock image build NAME` (and `airlock image ls` to see the images there are)",
  });
}

/**
 * The image NAME, built first when it is missing or lacks one of `extraPackages`. For callers
 * that just need an image (the demo, the first `airlock run` on a host).
 */
export async function ensureImage(
  name: string,
  extraPackages: readonly string[] = [],
  options: Omit<BuildOptions, "extraPackages" | "force"> = {},
): Promise<ResolvedImage> {
  validateImageName(name);
  const wanted = canonicalPackages(extraPackages);
  const record = await readNameRecord(name);
  if (record !== undefined) {
    const metadata = await presentImage(record.id);
    if (metadata !== undefined && wanted.every((p) => metadata.recipe.packages.includes(p))) {
      return resolvedImage(record.id);
    }
  }
  return (await buildImage(name, { ...options, extraPackages: wanted })).image;
}

/** Every stored image with its names, sorted by first name (unnamed images last). */
export async function listImages(): Promise<ImageInfo[]> {
  const names = await readNames();
  const references = await readReferenceRecords();
  const images: ImageInfo[] = [];
  for (const id of await storedImageIds()) {
    const metadata = await presentImage(id);
    const pulled = metadata === undefined ? await readPulledMetadata(id) : undefined;
    if (metadata !== undefined) {
      images.push({ ...infoOf(metadata, names), networkLimit: await readNetworkLimit(id) });
    } else if (pulled !== undefined) {
      images.push({
        ...pulledInfoOf(pulled, references),
        networkLimit: await readNetworkLimit(id),
      });
    }
  }
  const key = (image: ImageInfo): string => image.names[0] ?? `~${image.id}`;
  return images.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

export interface RemoveNameResult {
  readonly name: string;
  readonly id: string;
  /** Whether the image directory was removed too (`prune`). */
  readonly pruned: boolean;
  /** Why a prune kept the image directory. */
  readonly keptBecause?: "other names point at it" | "a running sandbox uses it";
}

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
    if (reference !== undefined) return removeReference(reference, options);
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
    if (existsSync(imageDir(record.id))) doomed.push(await moveAside(record.id));
    return { name, id: record.id, pruned: true };
  });
  for (const dir of doomed) await removeTree(dir);
  return result;
}

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
 * Removes every image directory no name points at and no running sandbox uses (`usage`
 * decides), and leftovers of builds whose process died. Images with names are never touched.
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
      doomed.push({ id, dir: await moveAside(id), sizeBytes: metadata?.sizeBytes ?? 0 });
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

/** Renames an image directory out of the store's namespace (atomic), to be removed after. */
async function moveAside(id: string): Promise<string> {
  const aside = join(imagesDir(), tmpDirName(process.pid, randomBytes(6).toString("hex")));
  await rename(imageDir(id), aside);
  return aside;
}

async function storedImageIds(): Promise<string[]> {
  try {
    return (await readdir(imagesDir())).filter((entry) => imageIdPattern.test(entry)).sort();
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
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

/** removeImageName for a pulled reference. */
async function removeReference(
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
    if (existsSync(imageDir(record.id))) doomed.push(await moveAside(record.id));
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

function pulledInfoOf(
  metadata: PulledImageMetadata,
  references: readonly { readonly reference: string; readonly id: string }[],
): Omit<ImageInfo, "networkLimit"> {
  return {
    id: metadata.id,
    source: "pull",
    names: references
      .filter((r) => r.id === metadata.id)
      .map((r) => r.reference)
      .sort(),
    rootfs: join(imageDir(metadata.id), "rootfs"),
    createdAt: metadata.createdAt,
    sizeBytes: metadata.sizeBytes,
    packageCount: undefined,
    recipe: undefined,
  };
}

function infoOf(
  metadata: ImageMetadata,
  names: ReadonlyMap<string, string>,
): Omit<ImageInfo, "networkLimit"> {
  return {
    id: metadata.id,
    source: "build",
    names: [...names]
      .filter(([, id]) => id === metadata.id)
      .map(([name]) => name)
      .sort(),
    rootfs: join(imageDir(metadata.id), "rootfs"),
    createdAt: metadata.createdAt,
    sizeBytes: metadata.sizeBytes,
    packageCount: metadata.packageCount,
    recipe: metadata.recipe,
  };
}
