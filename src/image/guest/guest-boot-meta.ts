import { createHash } from "node:crypto";

/** Bumped whenever the initramfs layout or the build changes meaning. */
export const guestBootFormat = 4;

/**
 * The modules guest-init loads before it can switch to the image (loaded when modules,
 * skipped when built in): the virtio drivers, and overlayfs for the job's writable layer
 * over the read-only image disk.
 */
export const guestModules = [
  "virtio_mmio",
  "virtio_pci",
  "virtio_blk",
  "virtio_console",
  "virtio_net",
  "overlay",
] as const;

/** What identifies a set of guest boot files. */
export interface GuestBootInputs {
  readonly kernelPackage: string;
  readonly kernelPackageVersion: string;
  /**
   * sha256 of the initramfs's programs: the static guest-init at /init and the agent
   * (sandbox-init) at /sbin/airlock-agent, each preceded by its length (u64 LE) in the hash.
   */
  readonly initSha256: string;
  readonly modules: readonly string[];
}

/** `images/guest/<key>/meta.json`. */
export interface GuestBootMeta extends GuestBootInputs {
  readonly format: number;
  /** `uname -r` of the guest, e.g. `6.1.0-56-cloud-amd64`. */
  readonly kernelRelease: string;
  /** Modules in /init's load order. */
  readonly loadOrder: readonly string[];
  /** Wanted modules that are built into this kernel. */
  readonly builtin: readonly string[];
  readonly kernelSha256: string;
  readonly initramfsSha256: string;
  readonly createdAt: string;
}

/** The store key: sha256 of the format and the inputs, as hex. */
export function guestBootKey(inputs: GuestBootInputs): string {
  const canonical = JSON.stringify([
    guestBootFormat,
    inputs.kernelPackage,
    inputs.kernelPackageVersion,
    inputs.initSha256,
    [...inputs.modules].sort(),
  ]);
  return createHash("sha256").update(canonical).digest("hex");
}

/** Parses meta.json; undefined when it is not a complete record of this format. */
export function parseGuestBootMeta(text: string): GuestBootMeta | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const strings = ["kernelPackage", "kernelPackageVersion", "initSha256", "kernelRelease"];
  const lists = ["modules", "loadOrder", "builtin"];
  if (v["format"] !== guestBootFormat) return undefined;
  if (!strings.every((k) => typeof v[k] === "string")) return undefined;
  if (
    !lists.every(
      (k) => Array.isArray(v[k]) && (v[k] as unknown[]).every((x) => typeof x === "string"),
    )
  )
    return undefined;
  return value as GuestBootMeta;
}
