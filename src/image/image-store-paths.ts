import { join } from "node:path";
import { stateDir } from "../core/state-dir.js";

/**
 * The image store's layout under the state directory:
 *   images/<id>/rootfs/          the tree, owned by host root, never written after the build
 *   images/<id>/image.json       recipe, creation time, size, package count
 *   images/names/<name>.json     { id, extraPackages }
 *   images/<id>/oci.json         a pulled image (id: its manifest digest): reference, config, blobs
 *   images/refs/<sha256>.json    an OCI reference pulled into the store (sha256 of its text): { reference, id }
 *   images/blobs/sha256/<hex>    manifests, configs and layers as pulled, verified, shared by digest
 *   images/.tmp-<pid>-<random>/  a build (or a removal) in progress by process <pid>
 *   images/.lock                 held while names or image directories change
 */
export function imagesDir(): string {
  return join(stateDir(), "images");
}

export function imageDir(id: string): string {
  return join(imagesDir(), id);
}

export function imageRootfs(id: string): string {
  return join(imageDir(id), "rootfs");
}

export function imageMetadataPath(id: string): string {
  return join(imageDir(id), "image.json");
}

export function namesDir(): string {
  return join(imagesDir(), "names");
}

export function nameRecordPath(name: string): string {
  return join(namesDir(), `${name}.json`);
}

export function refsDir(): string {
  return join(imagesDir(), "refs");
}

export function blobsDir(): string {
  return join(imagesDir(), "blobs", "sha256");
}

/** Precondition: `digest` matches `sha256:<64 hex>` (checked by the manifest parser). */
export function blobPath(digest: string): string {
  return join(blobsDir(), digest.slice("sha256:".length));
}

export function pulledMetadataPath(id: string): string {
  return join(imageDir(id), "oci.json");
}

export function storeLockPath(): string {
  return join(imagesDir(), ".lock");
}

/** An image id: the sha256 of its recipe (built) or of its manifest (pulled). */
export const imageIdPattern = /^[0-9a-f]{64}$/;

/** `.tmp-<pid>-<random>`: the pid of the process that owns the temporary directory. */
export const tmpDirPattern = /^\.tmp-(\d+)-[0-9a-f]+$/;

export function tmpDirName(pid: number, random: string): string {
  return `.tmp-${pid}-${random}`;
}
