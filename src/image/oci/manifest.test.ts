import { describe, expect, it } from "vitest";
import { hostPlatform, selectPlatform } from "./host-platform.js";
import { parseManifest } from "./manifest.js";
import { mediaTypes } from "./media-types.js";
import { plainHttpAllowed } from "./registry-scheme.js";

const d = (c: string): string => `sha256:${c.repeat(64)}`;

describe("parseManifest", () => {
  it("reads Docker schema 2 manifests by their Content-Type", () => {
    const body = JSON.stringify({
      schemaVersion: 2,
      config: { mediaType: mediaTypes.dockerConfig, digest: d("a"), size: 10 },
      layers: [{ mediaType: mediaTypes.dockerLayerGzip, digest: d("b"), size: 20 }],
    });
    expect(parseManifest(body, `${mediaTypes.dockerManifest}; charset=utf-8`)).toEqual({
      kind: "manifest",
      config: { mediaType: mediaTypes.dockerConfig, digest: d("a"), size: 10 },
      layers: [{ mediaType: mediaTypes.dockerLayerGzip, digest: d("b"), size: 20 }],
    });
  });

  it("reads indexes and refuses schema 1 and malformed descriptors", () => {
    const index = JSON.stringify({
      schemaVersion: 2,
      mediaType: mediaTypes.ociIndex,
      manifests: [
        {
          mediaType: mediaTypes.ociManifest,
          digest: d("c"),
          size: 1,
          platform: { os: "linux", architecture: "arm64", variant: "v8" },
        },
      ],
    });
    expect(parseManifest(index, "")).toMatchObject({
      kind: "index",
      manifests: [{ platform: { architecture: "arm64", variant: "v8" } }],
    });
    expect(parseManifest(JSON.stringify({ schemaVersion: 1 }), "")).toMatch(/schema version 2/);
    const bad = JSON.stringify({
      schemaVersion: 2,
      mediaType: mediaTypes.ociManifest,
      config: { mediaType: "x", digest: "md5:1", size: 1 },
      layers: [],
    });
    expect(parseManifest(bad, "")).toMatch(/config descriptor is malformed/);
  });
});

describe("selectPlatform", () => {
  const entry = (architecture: string, variant?: string) => ({
    mediaType: mediaTypes.ociManifest,
    digest: d(architecture.length % 2 === 0 ? "e" : "f"),
    size: 1,
    platform:
      variant === undefined
        ? { os: "linux", architecture }
        : { os: "linux", architecture, variant },
  });
  it("picks os and architecture, never attestation entries", () => {
    const list = [
      {
        mediaType: mediaTypes.ociManifest,
        digest: d("0"),
        size: 1,
        platform: { os: "unknown", architecture: "unknown" },
      },
      entry("arm", "v6"),
      entry("arm", "v7"),
      entry("amd64"),
    ];
    expect(selectPlatform(list, { os: "linux", architecture: "amd64" })).toBe(list[3]);
    expect(selectPlatform(list, { os: "linux", architecture: "arm", variant: "v7" })).toBe(list[2]);
    expect(selectPlatform(list, { os: "linux", architecture: "s390x" })).toBeUndefined();
    expect(hostPlatform().os).toBe("linux");
  });
});

describe("plainHttpAllowed", () => {
  it("allows loopback and listed registries only", () => {
    expect(plainHttpAllowed("127.0.0.1:5000", [])).toBe(true);
    expect(plainHttpAllowed("localhost", [])).toBe(true);
    expect(plainHttpAllowed("[::1]:5000", [])).toBe(true);
    expect(plainHttpAllowed("127.0.0.1.example.com", [])).toBe(false);
    expect(plainHttpAllowed("10.0.0.1:5000", [])).toBe(false);
    expect(plainHttpAllowed("10.0.0.1:5000", ["10.0.0.1:5000"])).toBe(true);
  });
});
