import { stat } from "node:fs/promises";

/**
 * The supplementary group QEMU needs to open /dev/kvm as an unprivileged user: the device's
 * group (Debian's `kvm`), when the device is group read-write. None otherwise.
 */
export async function kvmGroups(): Promise<number[]> {
  try {
    const device = await stat("/dev/kvm");
    return (device.mode & 0o060) === 0o060 && device.gid !== 0 ? [device.gid] : [];
  } catch {
    return [];
  }
}
