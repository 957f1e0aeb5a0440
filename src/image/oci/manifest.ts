import { mediaTypes } from "./media-types.js";

/** A content descriptor: what a manifest or index points at. */
export interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly platform?: Platform;
}

export interface Platform {
  readonly os: string;
  readonly architecture: string;
  readonly variant?: string;
}

/** An OCI image index or a Docker manifest list. */
export interface ImageIndex {
  readonly kind: "index";
  readonly manifests: readonly Descriptor[];
}

/** An OCI image manifest or a Docker schema 2 manifest. */
export interface ImageManifest {
  readonly kind: "manifest";
  readonly config: Descriptor;
  readonly layers: readonly Descriptor[];
}

export const sha256DigestPattern = /^sha256:[0-9a-f]{64}$/;

/**
 * Parses a manifest or index body. `contentType` is the registry's Content-Type; the body's
 * own `mediaType` wins when present. Returns a reason string when it is not one we read
 * (schema 1, unknown type, missing or malformed fields).
 */
export function parseManifest(
  body: string,
  contentType: string,
): ImageIndex | ImageManifest | string {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return "the manifest is not JSON";
  }
  if (!isRecord(value)) return "the manifest is not a JSON object";
  const declared = typeof value["mediaType"] === "string" ? value["mediaType"] : undefined;
  const type = declared ?? contentType.split(";")[0]?.trim() ?? "";
  if (value["schemaVersion"] !== 2) return "only schema version 2 manifests are supported";
  if (
    type === mediaTypes.ociIndex ||
    type === mediaTypes.dockerList ||
    (declared === undefined && Array.isArray(value["manifests"]))
  ) {
    const manifests = value["manifests"];
    if (!Array.isArray(manifests)) return "the index has no manifests list";
    const parsed = manifests.map(parseDescriptor);
    const bad = parsed.find((d) => typeof d === "string");
    if (typeof bad === "string") return `an index entry is malformed: ${bad}`;
    return { kind: "index", manifests: parsed as Descriptor[] };
  }
  if (
    type === mediaTypes.ociManifest ||
    type === mediaTypes.dockerManifest ||
    (declared === undefined && isRecord(value["config"]))
  ) {
    const config = parseDescriptor(value["config"]);
    if (typeof config === "string") return `the config descriptor is malformed: ${config}`;
    const layers = value["layers"];
    if (!Array.isArray(layers)) return "the manifest has no layers list";
    const parsed = layers.map(parseDescriptor);
    const bad = parsed.find((d) => typeof d === "string");
    if (typeof bad === "string") return `a layer descriptor is malformed: ${bad}`;
    return { kind: "manifest", config, layers: parsed as Descriptor[] };
  }
  return `the media type "${type}" is not an image manifest or index airlock reads`;
}

function parseDescriptor(value: unknown): Descriptor | string {
  if (!isRecord(value)) return "not an object";
  const { mediaType, digest, size, platform } = value;
  if (typeof mediaType !== "string") return "no mediaType";
  if (typeof digest !== "string" || !sha256DigestPattern.test(digest)) {
    return `digest ${String(digest)} is not sha256:<64 hex>`;
  }
  if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0) return "bad size";
  const parsedPlatform = parsePlatform(platform);
  return parsedPlatform === undefined
    ? { mediaType, digest, size }
    : { mediaType, digest, size, platform: parsedPlatform };
}

function parsePlatform(value: unknown): Platform | undefined {
  if (!isRecord(value)) return undefined;
  const { os, architecture, variant } = value;
  if (typeof os !== "string" || typeof architecture !== "string") return undefined;
  return typeof variant === "string" ? { os, architecture, variant } : { os, architecture };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
