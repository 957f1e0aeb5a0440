import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pullImage } from "../../../src/image/oci/pull-image.js";
import { makeImage, sha256 } from "./make-image.js";
import { pushBlob, pushImage, pushManifest } from "./push-image.js";
import { airlockErrorOf, registrySkipReason, useRegistryStore } from "./registry-fixture.js";
import { reportSkip } from "../../support/host-features.js";

/**
 * zstd layers (`application/vnd.oci.image.layer.v1.tar+zstd`) pushed to a loopback
 * docker-registry are pulled and unpacked through Debian's `zstd`, verified like gzip ones:
 * a layer whose zstd data is corrupt, or that unpacks to another diff id, is refused.
 */
const skipReason = registrySkipReason();
reportSkip("registry zstd", skipReason);

describe.skipIf(skipReason !== undefined)("pulling zstd layers", () => {
  const store = useRegistryStore("airlock-zstd-test-");
  const layers = [
    [
      { name: "etc/", type: "dir" as const },
      { name: "etc/motd", content: "zstd layer\n" },
      { name: "bin/", type: "dir" as const },
      { name: "bin/run", content: "#!/bin/sh\n", mode: 0o755 },
    ],
    [{ name: "etc/.wh.motd" }, { name: "etc/second", content: "x".repeat(300_000) }],
  ];

  it("pulls and unpacks an image of zstd layers, verified by digest and diff id", async () => {
    const image = makeImage(layers, { Cmd: ["/bin/run"] }, undefined, "zstd");
    const [first] = image.layerDigests;
    expect(first).toBeDefined();
    await pushImage(store().open.host, "team/zstd", "1", image);
    const result = await pullImage(`${store().open.host}/team/zstd:1`);
    const rootfs = result.image.rootfs;
    expect(readFileSync(join(rootfs, "etc/second"), "utf8")).toBe("x".repeat(300_000));
    expect(() => statSync(join(rootfs, "etc/motd"))).toThrow(/ENOENT/);
    expect(statSync(join(rootfs, "bin/run")).mode & 0o777).toBe(0o755);
    expect(result.config.cmd).toEqual(["/bin/run"]);
  });

  it("refuses a corrupt zstd layer and one that unpacks to another diff id", async () => {
    const image = makeImage([layers[0] ?? []], {}, undefined, "zstd");
    const manifest = JSON.parse(image.manifest.toString("utf8")) as {
      layers: { digest: string; size: number }[];
    };
    const layer = manifest.layers[0];
    const bytes = layer === undefined ? undefined : image.blobs.get(layer.digest);
    if (layer === undefined || bytes === undefined) throw new Error("no layer");
    // Flip bytes inside the compressed data: the blob's digest is the corrupt blob's own.
    const corrupt = Buffer.from(bytes);
    for (let i = 20; i < Math.min(corrupt.length - 8, 60); i++)
      corrupt[i] = (corrupt[i] ?? 0) ^ 0xff;
    const host = store().open.host;
    for (const [digest, blob] of image.blobs) await pushBlob(host, "team/bad", digest, blob);
    await pushBlob(host, "team/bad", sha256(corrupt), corrupt);
    const bad = Buffer.from(
      JSON.stringify({
        ...manifest,
        layers: [{ ...layer, digest: sha256(corrupt), size: corrupt.length }],
      }),
    );
    await pushManifest(host, "team/bad", "corrupt", bad, image.mediaType);
    const error = await airlockErrorOf(pullImage(`${host}/team/bad:corrupt`));
    expect(error.code).toBe("AIRLOCK_E_IMAGE_REJECTED");
    expect(error.message).toContain(sha256(corrupt));

    // A valid zstd stream of other content: the config's diff id does not match.
    const other = makeImage([[{ name: "other", content: "other" }]], {}, undefined, "zstd");
    const otherLayer = other.layerDigests[0] ?? "";
    const otherBytes = other.blobs.get(otherLayer);
    if (otherBytes === undefined) throw new Error("no layer");
    await pushBlob(host, "team/bad", otherLayer, otherBytes);
    const swapped = Buffer.from(
      JSON.stringify({
        ...manifest,
        layers: [{ ...layer, digest: otherLayer, size: otherBytes.length }],
      }),
    );
    await pushManifest(host, "team/bad", "swapped", swapped, image.mediaType);
    const mismatch = await airlockErrorOf(pullImage(`${host}/team/bad:swapped`));
    expect(mismatch.code).toBe("AIRLOCK_E_IMAGE_REJECTED");
    expect(mismatch.message).toContain("not the config's diff id");
  });
});
