import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename } from "node:fs/promises";
import { join } from "node:path";
import { AirlockError } from "../../core/airlock-error.js";
import { writeJsonAtomic } from "../image-metadata.js";
import type { ResolvedImage } from "../image-ref.js";
import { blobPath, imageDir, imagesDir, tmpDirName } from "../image-store-paths.js";
import { removeTree } from "../remove-tree.host.js";
import { withStoreLock } from "../store-lock.js";
import { treeSizeBytes } from "../tree-size.js";
import { ensureBlobDir, fetchBlob, storeBlobBytes } from "./blob-store.js";
import { hostPlatform } from "./host-platform.js";
import { parseImageConfig, type OciImageConfig } from "./image-config.js";
import { formatImageReference, parseImageReference } from "./image-reference.js";
import type { Platform } from "./manifest.js";
import { pulledResolvedImage } from "./pulled-resolved-image.js";
import {
  readPulledMetadata,
  writeReferenceRecord,
  type PulledImageMetadata,
} from "./pulled-image-record.js";
import type { RegistryClientOptions } from "./registry-client.js";
import { registryFor } from "./registry-for.js";
import { resolveManifest } from "./resolve-manifest.js";
import { unpackLayerBlob } from "./unpack-layer-blob.host.js";

export interface PullOptions extends RegistryClientOptions {
  /** Default: this host's (linux/amd64 on x86-64). */
  readonly platform?: Platform;
  /** Bound on the unpacked bytes of one layer (default 64 GiB). */
  readonly maxLayerBytes?: number;
  readonly onProgress?: (line: string) => void;
}

export interface PullResult {
  /** Canonical reference text, as `image ls` shows it. */
  readonly reference: string;
  /** sha256 digest of the image manifest; the store id is its hex. */
  readonly digest: string;
  readonly image: ResolvedImage;
  readonly config: OciImageConfig;
  /** False when the store had the image already (the registry was still asked: credentials checked). */
  readonly downloaded: boolean;
}

/**
 * Pulls `reference` into the image store: always asks the registry (so the credentials are
 * checked and a moved tag is seen), downloads the blobs the store lacks (verified against
 * their digests), unpacks the layers into `images/.tmp-<pid>-*` (root-only) and renames it
 * to `images/<manifest hex>/` (rootfs/ + oci.json), then points the reference at it.
 * An image whose config names another os or architecture than the platform asked for is
 * refused (a single-platform manifest says it only there), also when the store has it.
 * Needs root (layer owners). Errors: AIRLOCK_E_IMAGE_INVALID (reference), _PULL_FAILED,
 * _PULL_DENIED, _REJECTED (digest mismatch, unsafe layer); a failed pull leaves no image.
 */
export async function pullImage(reference: string, options: PullOptions = {}): Promise<PullResult> {
  const ref = parseImageReference(reference);
  const what = formatImageReference(ref);
  const progress = options.onProgress ?? (() => {});
  if (process.getuid?.() !== 0) {
    throw new AirlockError("AIRLOCK_E_NOT_ROOT", `pulling ${what} needs root`, {
      fix: "run it as root: the image's files keep the owners its layers give them",
    });
  }
  const client = registryFor(ref, what, options);
  await client.ping();
  const platform = options.platform ?? hostPlatform();
  const resolved = await resolveManifest(client, ref.digest ?? ref.tag ?? "latest", platform, what);
  const id = resolved.digest.slice("sha256:".length);
  const record = { reference: what, id, digest: resolved.indexDigest ?? resolved.digest };
  const existing = await withStoreLock(async () => {
    const metadata = await readPulledMetadata(id);
    if (metadata !== undefined) {
      checkPlatform(metadata.config, platform, what);
      await writeReferenceRecord({ ...record, pulledAt: new Date().toISOString() });
    }
    return metadata;
  });
  if (existing !== undefined) {
    progress(`${what}: up to date (${resolved.digest})`);
    return {
      reference: what,
      digest: resolved.digest,
      image: await pulledResolvedImage(id),
      config: existing.config,
      downloaded: false,
    };
  }

  // The temporary directory exists before any blob is fetched: gc keeps every blob while a
  // live process owns one, so it cannot remove a layer between its download and its unpacking.
  await mkdir(imagesDir(), { recursive: true, mode: 0o755 });
  const tmp = join(imagesDir(), tmpDirName(process.pid, randomBytes(6).toString("hex")));
  await mkdir(tmp, { mode: 0o700 });
  const leftovers = [tmp];
  try {
    await ensureBlobDir();
    await storeBlobBytes(resolved.digest, resolved.bytes);
    const { manifest } = resolved;
    await fetchBlob(client, manifest.config, what);
    const parsed = parseImageConfig(await readFile(blobPath(manifest.config.digest), "utf8"));
    if (typeof parsed === "string" || parsed.diffIds.length !== manifest.layers.length) {
      throw new AirlockError(
        "AIRLOCK_E_IMAGE_REJECTED",
        `pulling ${what}: ${typeof parsed === "string" ? parsed : "the config's diff_ids do not match the manifest's layers"}`,
        {
          fix: "the image is malformed: rebuild and push it again",
        },
      );
    }
    checkPlatform(parsed.config, platform, what);
    const rootfs = join(tmp, "rootfs");
    await mkdir(rootfs, { mode: 0o755 });
    for (const [index, layer] of manifest.layers.entries()) {
      progress(
        `${what}: layer ${index + 1}/${manifest.layers.length} ${layer.digest.slice(7, 19)} (${layer.size} bytes)`,
      );
      await fetchBlob(client, layer, what);
      const result = await unpackLayerBlob(
        rootfs,
        layer,
        parsed.diffIds[index] ?? "",
        what,
        options.maxLayerBytes ?? 64 * 1024 ** 3,
      );
      if (result.skipped.length > 0) {
        progress(
          `${what}: skipped ${result.skipped.length} device node(s) or FIFO(s), e.g. ${result.skipped[0] ?? ""}`,
        );
      }
    }
    const metadata: PulledImageMetadata = {
      id,
      manifestDigest: resolved.digest,
      configDigest: manifest.config.digest,
      layers: manifest.layers.map((l) => l.digest),
      config: parsed.config,
      pulledAs: what,
      createdAt: new Date().toISOString(),
      sizeBytes: await treeSizeBytes(rootfs),
    };
    await writeJsonAtomic(join(tmp, "oci.json"), metadata);
    await withStoreLock(async () => {
      if (existsSync(imageDir(id))) {
        // Another pull of the same manifest finished first: keep that one.
        if ((await readPulledMetadata(id)) === undefined) {
          const old = join(imagesDir(), tmpDirName(process.pid, randomBytes(6).toString("hex")));
          await rename(imageDir(id), old);
          leftovers.push(old);
          await rename(tmp, imageDir(id));
        }
      } else {
        await rename(tmp, imageDir(id));
      }
      await writeReferenceRecord({ ...record, pulledAt: metadata.createdAt });
    });
    progress(`${what}: pulled ${resolved.digest}`);
    return {
      reference: what,
      digest: resolved.digest,
      image: await pulledResolvedImage(id),
      config: parsed.config,
      downloaded: true,
    };
  } finally {
    for (const dir of leftovers) {
      if (existsSync(dir)) {
        await removeTree(dir).catch((error: unknown) => {
          progress(`${what}: warning: could not remove ${dir}: ${String(error)}`);
        });
      }
    }
  }
}

/**
 * A single-platform manifest says its platform only in its config: never unpack (nor give a
 * job) an image of another os or architecture than `platform` (AIRLOCK_E_IMAGE_PULL_FAILED).
 * A config without them is taken as it is.
 */
function checkPlatform(
  config: Pick<OciImageConfig, "os" | "architecture">,
  platform: Platform,
  what: string,
): void {
  const { os, architecture } = config;
  if (
    (os === "" || os === platform.os) &&
    (architecture === "" || architecture === platform.architecture)
  )
    return;
  throw new AirlockError(
    "AIRLOCK_E_IMAGE_PULL_FAILED",
    `pulling ${what}: the image is built for ${os}/${architecture}, not ${platform.os}/${platform.architecture}`,
    {
      fix: `use an image built for ${platform.os}/${platform.architecture}, or a multi-platform one`,
    },
  );
}
