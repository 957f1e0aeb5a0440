import { ensureRootDisk } from "../image/ensure-root-disk.host.js";
import { ensureGuestBootFiles } from "../image/guest/ensure-guest-boot-files.host.js";
import { resolveImage } from "../image/image-store.js";

export interface MicrovmReadiness {
  readonly kernelVersion: string;
  readonly rootDisk: string;
}

/**
 * Makes what the microVM backend needs for `image` ahead of its first VM: the guest boot
 * files (Debian's cloud kernel, airlock's initramfs, the modules disk; shared by all images)
 * and the image's read-only root disk. Both are otherwise made on first use. Needs the Debian
 * mirror when the boot files are not stored yet.
 */
export async function prepareMicrovm(image: string): Promise<MicrovmReadiness> {
  const files = await ensureGuestBootFiles();
  const rootDisk = await ensureRootDisk(await resolveImage(image));
  return { kernelVersion: files.kernelVersion, rootDisk };
}
