import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { hostPlatform } from "../../../src/image/oci/host-platform.js";
import { makeTar, type TarSpec } from "./make-tar.js";

/** An image ready to push: its blobs by digest and its manifest. */
export interface TestImage {
  readonly blobs: ReadonlyMap<string, Buffer>;
  readonly manifest: Buffer;
  readonly manifestDigest: string;
  readonly mediaType: string;
  readonly layerDigests: readonly string[];
}

export function sha256(bytes: Buffer): string {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

/**
 * An OCI image (OCI manifest; gzip layers, or zstd ones compressed by Debian's `zstd`) of
 * `layers`, each a list of tar members, or raw tar bytes for archives makeTar cannot say.
 */
export function makeImage(
  layers: readonly (readonly TarSpec[] | Buffer)[],
  config: Record<string, unknown> = {},
  platform: { readonly os: string; readonly architecture: string } = hostPlatform(),
  compression: "gzip" | "zstd" = "gzip",
): TestImage {
  const blobs = new Map<string, Buffer>();
  const tars = layers.map((layer) => (Buffer.isBuffer(layer) ? layer : makeTar(layer)));
  const layerDescriptors = tars.map((tar) => {
    const packed =
      compression === "gzip"
        ? gzipSync(tar)
        : execFileSync("zstd", ["-q", "-c", "-19"], { input: tar, maxBuffer: 1 << 30 });
    blobs.set(sha256(packed), packed);
    return {
      mediaType: `application/vnd.oci.image.layer.v1.tar+${compression}`,
      digest: sha256(packed),
      size: packed.length,
    };
  });
  const configBlob = Buffer.from(
    JSON.stringify({
      ...platform,
      config,
      rootfs: { type: "layers", diff_ids: tars.map(sha256) },
    }),
  );
  blobs.set(sha256(configBlob), configBlob);
  const mediaType = "application/vnd.oci.image.manifest.v1+json";
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType,
      config: {
        mediaType: "application/vnd.oci.image.config.v1+json",
        digest: sha256(configBlob),
        size: configBlob.length,
      },
      layers: layerDescriptors,
    }),
  );
  return {
    blobs,
    manifest,
    manifestDigest: sha256(manifest),
    mediaType,
    layerDigests: layerDescriptors.map((l) => l.digest),
  };
}

/** An OCI index over `images` (each with the platform it was made for). */
export function makeIndex(
  images: readonly { readonly image: TestImage; readonly architecture: string }[],
): { readonly body: Buffer; readonly digest: string; readonly mediaType: string } {
  const mediaType = "application/vnd.oci.image.index.v1+json";
  const body = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType,
      manifests: images.map(({ image, architecture }) => ({
        mediaType: image.mediaType,
        digest: image.manifestDigest,
        size: image.manifest.length,
        platform: { os: "linux", architecture },
      })),
    }),
  );
  return { body, digest: sha256(body), mediaType };
}
