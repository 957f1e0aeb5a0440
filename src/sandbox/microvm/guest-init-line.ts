/** What native/guest-init.c reported on the serial console. */
export type GuestInitLine =
  | {
      readonly kind: "ready";
      /** The guest's `uname -r`. */
      readonly kernelRelease: string;
      readonly modulesLoaded: number;
      readonly modulesListed: number;
      /** virtio devices the guest found (through virtio-mmio). */
      readonly virtioDevices: number;
      /** virtio-serial ports the guest sees. */
      readonly virtioPorts: number;
      /** `image`: guest-init switched to the image's disks; `initramfs`: there were none. */
      readonly root: "image" | "initramfs";
    }
  | { readonly kind: "failed"; readonly reason: string };

/** The prefix of every line guest-init prints. */
export const guestInitPrefix = "airlock-guest-init:";

/**
 * Parses one console line (trailing CR/LF allowed). Undefined for kernel messages and for
 * guest-init lines that are neither `ready` nor `failed` (per-module warnings).
 */
export function parseGuestInitLine(line: string): GuestInitLine | undefined {
  const text = line.replace(/[\r\n]+$/, "");
  const ready =
    /^airlock-guest-init: ready (\S+) modules=(\d+)\/(\d+) virtio-devices=(\d+) virtio-ports=(\d+) root=(image|initramfs)$/.exec(
      text,
    );
  if (ready?.[1] !== undefined) {
    return {
      kind: "ready",
      kernelRelease: ready[1],
      modulesLoaded: Number(ready[2]),
      modulesListed: Number(ready[3]),
      virtioDevices: Number(ready[4]),
      virtioPorts: Number(ready[5]),
      root: ready[6] === "image" ? "image" : "initramfs",
    };
  }
  const failed = /^airlock-guest-init: failed (.+)$/.exec(text);
  if (failed?.[1] !== undefined) return { kind: "failed", reason: failed[1] };
  return undefined;
}
