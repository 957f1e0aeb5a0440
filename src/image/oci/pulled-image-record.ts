import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { writeJsonAtomic } from "../image-metadata.js";
import { imageRootfs, pulledMetadataPath, refsDir } from "../image-store-paths.js";
import { parseStoredConfig, type OciImageConfig } from "./image-config.js";

/** `images/<id>/oci.json`: a pulled image, written once when its layers are unpacked. */
export interface PulledImageMetadata {
  /** The manifest digest's hex: the image's id in the store. */
  readonly id: string;
  readonly manifestDigest: string;
  readonly configDigest: string;
  /** Layer blob digests, in order. */
  readonly layers: readonly string[];
  readonly config: OciImageConfig;
  /** The reference it was first pulled by (others may point at it too: see the refs records). */
  readonly pulledAs: string;
  /** ISO 8601 time the unpacking finished. */
  readonly createdAt: string;
  /** Apparent size of rootfs/ in bytes. */
  readonly sizeBytes: number;
}

/** `images/refs/<sha256 of reference>.json`: a reference pulled into the store and its image. */
export interface ReferenceRecord {
  /** Canonical text (formatImageReference). */
  readonly reference: string;
  readonly id: string;
  /**
   * The digest the registry resolved the reference to at that pull: the index digest for a
   * multi-platform image, else the manifest digest (`sha256:<id>`). canPull's digest is
   * compared with it to see whether a tag moved.
   */
  readonly digest: string;
  /** ISO 8601 time of the last pull that confirmed it. */
  readonly pulledAt: string;
}

const digestPattern = /^sha256:[0-9a-f]{64}$/;

export function referenceRecordPath(reference: string): string {
  return join(refsDir(), `${createHash("sha256").update(reference).digest("hex")}.json`);
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as unknown;
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" || error instanceof SyntaxError) {
      return undefined;
    }
    throw error;
  }
}

/** The pulled image `id` when both its oci.json and rootfs are there; undefined otherwise. */
export async function readPulledMetadata(id: string): Promise<PulledImageMetadata | undefined> {
  if (!existsSync(imageRootfs(id))) return undefined;
  const value = await readJson(pulledMetadataPath(id));
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const config = parseStoredConfig(v["config"]);
  const layers = v["layers"];
  if (
    v["id"] !== id ||
    v["manifestDigest"] !== `sha256:${id}` ||
    typeof v["configDigest"] !== "string" ||
    !digestPattern.test(v["configDigest"]) ||
    !Array.isArray(layers) ||
    !layers.every((l): l is string => typeof l === "string" && digestPattern.test(l)) ||
    config === undefined ||
    typeof v["pulledAs"] !== "string" ||
    typeof v["createdAt"] !== "string" ||
    typeof v["sizeBytes"] !== "number"
  ) {
    return undefined;
  }
  return {
    id,
    manifestDigest: v["manifestDigest"],
    configDigest: v["configDigest"],
    layers,
    config,
    pulledAs: v["pulledAs"],
    createdAt: v["createdAt"],
    sizeBytes: v["sizeBytes"],
  };
}

export async function readReferenceRecord(reference: string): Promise<ReferenceRecord | undefined> {
  return parseReferenceRecord(await readJson(referenceRecordPath(reference)));
}

export async function writeReferenceRecord(record: ReferenceRecord): Promise<void> {
  await mkdir(refsDir(), { recursive: true, mode: 0o755 });
  await writeJsonAtomic(referenceRecordPath(record.reference), record);
}

export async function removeReferenceRecord(reference: string): Promise<void> {
  await rm(referenceRecordPath(reference), { force: true });
}

/** Every reference record, sorted by reference. */
export async function readReferenceRecords(): Promise<ReferenceRecord[]> {
  let files: string[];
  try {
    files = await readdir(refsDir());
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const records: ReferenceRecord[] = [];
  for (const file of files.filter((f) => /^[0-9a-f]{64}\.json$/.test(f))) {
    const record = parseReferenceRecord(await readJson(join(refsDir(), file)));
    if (record !== undefined) records.push(record);
  }
  return records.sort((a, b) =>
    a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0,
  );
}

function parseReferenceRecord(value: unknown): ReferenceRecord | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { reference, id, digest, pulledAt } = value as Record<string, unknown>;
  if (typeof reference !== "string" || typeof id !== "string" || !/^[0-9a-f]{64}$/.test(id)) {
    return undefined;
  }
  return {
    reference,
    id,
    digest: typeof digest === "string" && digestPattern.test(digest) ? digest : `sha256:${id}`,
    pulledAt: typeof pulledAt === "string" ? pulledAt : "",
  };
}
