import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, open, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { AirlockError } from "../../core/airlock-error.js";
import { blobPath, blobsDir } from "../image-store-paths.js";
import type { Descriptor } from "./manifest.js";
import type { RegistryClient } from "./registry-client.js";
import { responseChunks } from "./response-chunks.js";

/**
 * The store's blobs (`images/blobs/sha256/<hex>`, root-only): each written once, through a
 * temporary file renamed into place only after its bytes matched the digest and size, so a
 * blob in the store is always verified and layers are shared by digest across images.
 */
export async function ensureBlobDir(): Promise<void> {
  await mkdir(blobsDir(), { recursive: true, mode: 0o700 });
}

export function hasBlob(digest: string): boolean {
  return existsSync(blobPath(digest));
}

/** Stores bytes already verified against `digest` (a manifest read whole). */
export async function storeBlobBytes(digest: string, bytes: Buffer): Promise<void> {
  if (hasBlob(digest)) return;
  await writeAtomically(digest, async (write) => write(bytes));
}

/**
 * Downloads the blob `descriptor` names unless the store has it, hashing while streaming.
 * Throws AIRLOCK_E_IMAGE_REJECTED (naming `what`, the image) when the bytes differ from the
 * digest or the size, and stops reading as soon as more bytes arrive than announced.
 */
export async function fetchBlob(
  client: RegistryClient,
  descriptor: Descriptor,
  what: string,
): Promise<void> {
  if (hasBlob(descriptor.digest)) return;
  const response = await client.fetch("GET", `blobs/${descriptor.digest}`);
  await writeAtomically(descriptor.digest, async (write) => {
    const hash = createHash("sha256");
    let size = 0;
    for await (const chunk of responseChunks(response)) {
      size += chunk.byteLength;
      if (size > descriptor.size) {
        throw rejected(what, descriptor, `more than the ${descriptor.size} bytes announced`);
      }
      hash.update(chunk);
      await write(chunk);
    }
    const actual = `sha256:${hash.digest("hex")}`;
    if (size !== descriptor.size || actual !== descriptor.digest) {
      throw rejected(what, descriptor, `got ${size} bytes with digest ${actual}`);
    }
  });
}

async function writeAtomically(
  digest: string,
  fill: (write: (chunk: Uint8Array) => Promise<void>) => Promise<void>,
): Promise<void> {
  await ensureBlobDir();
  const tmp = join(blobsDir(), `.tmp-${process.pid}-${randomBytes(6).toString("hex")}`);
  try {
    const file = await open(tmp, "wx", 0o600);
    try {
      await fill(async (chunk) => {
        await file.write(chunk);
      });
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tmp, blobPath(digest));
  } finally {
    await rm(tmp, { force: true });
  }
}

function rejected(what: string, descriptor: Descriptor, detail: string): AirlockError {
  return new AirlockError(
    "AIRLOCK_E_IMAGE_REJECTED",
    `pulling ${what}: blob ${descriptor.digest} does not match its digest: ${detail}`,
    {
      fix: "the registry or something between serves corrupt or tampered content: check the registry's storage, then pull again",
    },
  );
}
