import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import { AirlockError } from "../../core/airlock-error.js";
import { blobPath } from "../image-store-paths.js";
import { ByteReader } from "./byte-reader.js";
import { applyLayer, type ApplyLayerResult } from "./apply-layer.host.js";
import type { Descriptor } from "./manifest.js";
import { layerCompression } from "./media-types.js";
import { UnsafePathError } from "./resolve-in-root.js";
import { TarFormatError } from "./tar-reader.js";
import { zstdBinary, zstdStream, type ZstdStream } from "./zstd-stream.host.js";

/**
 * Unpacks the stored layer blob `layer` onto `rootfs` (see applyLayer), checking that the
 * uncompressed tar hashes to `diffId` (the config's rootfs.diff_ids entry). Layers are tar,
 * tar+gzip (Node's zlib) or tar+zstd (Debian's `zstd` program, streamed: zstdStream). An
 * unsafe or malformed layer, or a diff id mismatch, is AIRLOCK_E_IMAGE_REJECTED naming
 * `what`; a zstd layer without the `zstd` program is AIRLOCK_E_IMAGE_PULL_FAILED.
 */
export async function unpackLayerBlob(
  rootfs: string,
  layer: Descriptor,
  diffId: string,
  what: string,
  maxBytes: number,
): Promise<ApplyLayerResult> {
  const compression = layerCompression(layer.mediaType);
  if (compression === undefined) {
    throw new AirlockError(
      "AIRLOCK_E_IMAGE_PULL_FAILED",
      `pulling ${what}: layer ${layer.digest} has the media type ${layer.mediaType}, which airlock does not unpack`,
      {
        fix: "push the image with gzip, zstd or uncompressed layers (e.g. `skopeo copy --dest-compress-format gzip`)",
      },
    );
  }
  const zstd = compression === "zstd" ? zstdBinary() : undefined;
  if (compression === "zstd" && zstd === undefined) {
    throw new AirlockError(
      "AIRLOCK_E_IMAGE_PULL_FAILED",
      `pulling ${what}: layer ${layer.digest} is zstd-compressed and the zstd program is not installed`,
      { fix: "install Debian's zstd package (`airlock doctor --fix` does)" },
    );
  }
  const file = createReadStream(blobPath(layer.digest));
  const decompressor: ZstdStream | undefined =
    zstd === undefined ? undefined : zstdStream(file, zstd);
  const stream =
    compression === "gzip" ? file.pipe(createGunzip()) : (decompressor?.output ?? file);
  const hash = createHash("sha256");
  async function* hashed(): AsyncGenerator<Uint8Array> {
    for await (const chunk of stream) {
      const bytes = chunk as Buffer;
      hash.update(bytes);
      yield bytes;
    }
  }
  const reject = (detail: string): AirlockError =>
    new AirlockError(
      "AIRLOCK_E_IMAGE_REJECTED",
      `pulling ${what}: layer ${layer.digest} ${detail}`,
      {
        fix: "do not use this image: its layer is malformed or tries to write outside its root filesystem",
      },
    );
  const chunks = hashed();
  let result: ApplyLayerResult;
  try {
    result = await applyLayer(rootfs, chunks, { preserveOwners: true, maxBytes });
    // The diff id covers the whole stream, also what follows the end-of-archive blocks.
    await new ByteReader(chunks).drain();
    const failure = await decompressor?.ended;
    if (failure !== undefined) throw reject(`is not valid zstd: ${failure}`);
  } catch (error: unknown) {
    if (error instanceof AirlockError) throw error;
    if (error instanceof UnsafePathError) throw reject(`is unsafe: ${error.message}`);
    if (error instanceof TarFormatError) throw reject(`is not a valid tar: ${error.message}`);
    if ((error as NodeJS.ErrnoException).code === "Z_DATA_ERROR") throw reject("is not valid gzip");
    throw error;
  } finally {
    decompressor?.stop();
    await decompressor?.ended;
    file.destroy();
  }
  const actual = `sha256:${hash.digest("hex")}`;
  if (actual !== diffId) throw reject(`unpacks to ${actual}, not the config's diff id ${diffId}`);
  return result;
}
