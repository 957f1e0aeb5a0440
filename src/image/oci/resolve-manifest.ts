import { AirlockError } from "../../core/airlock-error.js";
import { selectPlatform } from "./host-platform.js";
import { parseManifest, type ImageManifest, type Platform } from "./manifest.js";
import { manifestAccept } from "./media-types.js";
import type { RegistryClient } from "./registry-client.js";
import { responseChunks } from "./response-chunks.js";
import { sha256Digest } from "./sha256-digest.js";

/** The image manifest a reference resolves to on this platform, verified. */
export interface ResolvedManifest {
  /** Digest of the image manifest itself (an index entry's, when the reference names an index). */
  readonly digest: string;
  readonly bytes: Buffer;
  readonly manifest: ImageManifest;
  /** Digest of the index the reference named, when it named one. */
  readonly indexDigest: string | undefined;
}

const maxManifestBytes = 4 * 1024 * 1024;

/**
 * Fetches the manifest `reference` (a tag or a digest) names; from an index, the entry for
 * `platform`. Every manifest is checked against the digest it was asked by (or the
 * registry's Docker-Content-Digest for a tag). Throws AIRLOCK_E_IMAGE_REJECTED on a mismatch
 * or a manifest airlock cannot read, AIRLOCK_E_IMAGE_PULL_FAILED when no entry fits the platform.
 */
export async function resolveManifest(
  client: RegistryClient,
  reference: string,
  platform: Platform,
  what: string,
): Promise<ResolvedManifest> {
  const first = await fetchManifest(client, reference, what);
  if (first.parsed.kind === "manifest") {
    return {
      digest: first.digest,
      bytes: first.bytes,
      manifest: first.parsed,
      indexDigest: undefined,
    };
  }
  const entry = selectPlatform(first.parsed.manifests, platform);
  if (entry === undefined) {
    const offered = first.parsed.manifests
      .map((m) => (m.platform === undefined ? "?" : `${m.platform.os}/${m.platform.architecture}`))
      .join(", ");
    throw new AirlockError(
      "AIRLOCK_E_IMAGE_PULL_FAILED",
      `pulling ${what}: no image for ${platform.os}/${platform.architecture} in its index (it has: ${offered || "nothing"})`,
      { fix: `use an image built for ${platform.os}/${platform.architecture}` },
    );
  }
  const second = await fetchManifest(client, entry.digest, what);
  if (second.parsed.kind !== "manifest")
    throw rejected(what, `${entry.digest} is an index inside an index`);
  return {
    digest: second.digest,
    bytes: second.bytes,
    manifest: second.parsed,
    indexDigest: first.digest,
  };
}

async function fetchManifest(client: RegistryClient, reference: string, what: string) {
  const response = await client.fetch("GET", `manifests/${reference}`, manifestAccept);
  const bytes = await readLimited(response, what);
  const digest = sha256Digest(bytes);
  const expected = reference.startsWith("sha256:")
    ? reference
    : (response.headers.get("docker-content-digest") ?? digest);
  if (expected !== digest) {
    throw rejected(what, `manifest ${reference} has digest ${digest}, not ${expected}`);
  }
  const parsed = parseManifest(bytes.toString("utf8"), response.headers.get("content-type") ?? "");
  if (typeof parsed === "string") throw rejected(what, parsed);
  return { digest, bytes, parsed };
}

async function readLimited(response: Response, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of responseChunks(response)) {
    size += chunk.byteLength;
    if (size > maxManifestBytes) {
      throw rejected(what, `the manifest is larger than ${maxManifestBytes} bytes`);
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

function rejected(what: string, detail: string): AirlockError {
  return new AirlockError("AIRLOCK_E_IMAGE_REJECTED", `pulling ${what}: ${detail}`, {
    fix: "the registry serves a manifest that does not verify: check the registry, or pull by a digest you trust",
  });
}
