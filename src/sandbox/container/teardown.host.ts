import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { runCommand } from "../../core/run-command.host.js";
import type { CleanupReport } from "../sandbox.js";
import { mountsUnder } from "../mount-table.host.js";
import { cgroupDirs, cgroupPids, removeCgroupDirs } from "./container-cgroup.host.js";
import { containerPaths } from "./container-paths.js";
import { runcKnows, runcRemove } from "./runc.host.js";
import { idRangeSlotsDir, networkSlotsDir } from "./container-paths.js";
import { releaseSlot } from "../../core/claim-slot.host.js";
import { hostIfnameOf } from "../network/address-pool.js";
import { removeSandboxLink, sandboxLinkLeftovers } from "../network/sandbox-link.host.js";
import { loopDevicesBacking } from "./loop-devices.host.js";

/**
 * Removes every host resource of one sandbox, container or microVM, whatever state it is in
 * (fully made, half made, or left by a killed airlock): processes (for a VM, QEMU), runc
 * state, cgroups, mounts, the loop device, a VM's network namespace, the state directory
 * and the id range. Idempotent. The directory is
 * deleted only once nothing is mounted below it, so the image can never be deleted through
 * a still-mounted lower layer. Returns what it removed and what it could not.
 */
/** The slots a sandbox holds; undefined where it holds none (or it is not known). */
export interface SandboxSlots {
  readonly slot: number | undefined;
  readonly networkSlot: number | undefined;
}

export async function teardownContainer(
  sandboxId: string,
  slots: SandboxSlots,
): Promise<CleanupReport> {
  const paths = containerPaths(sandboxId);
  const removed: string[] = [];
  // Kill first: runc's own `delete --force` on a running container sleeps 100 ms.
  for (let attempt = 0; attempt < 100 && cgroupPids(paths.cgroupsPath).length > 0; attempt++) {
    for (const pid of cgroupPids(paths.cgroupsPath)) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        /* already gone */
      }
    }
    await sleep(attempt === 0 ? 2 : 20);
  }
  if (runcKnows(paths.containerId)) {
    await runcRemove(paths.containerId).catch(() => undefined);
    removed.push(`runc container ${paths.containerId}`);
  }
  if (cgroupDirs(paths.cgroupsPath).length > 0) {
    const left = removeCgroupDirs(paths.cgroupsPath);
    if (left.length === 0) removed.push(`cgroups ${paths.cgroupsPath}`);
  }
  const mounts = mountsUnder(paths.dir);
  if (mounts.length > 0 && (await runCommand(["umount", ...mounts])).exitCode === 0) {
    removed.push(...mounts.map((m) => `mount ${m}`));
  } else {
    for (const mount of mounts) if ((await unmount(mount)) === 0) removed.push(`mount ${mount}`);
  }
  // Unmounting auto-clears the loop device; give the kernel a moment before detaching by hand.
  const diskImage = `${paths.dir}/disk.img`;
  for (let attempt = 0; attempt < 10 && loopDevicesBacking(diskImage).length > 0; attempt++) {
    await sleep(10);
  }
  for (const loop of loopDevicesBacking(diskImage)) {
    await runCommand(["losetup", "--detach", loop]);
    removed.push(`loop device ${loop}`);
  }
  if (existsSync(paths.dir) && mountsUnder(paths.dir).length === 0) {
    await rm(paths.dir, { recursive: true, force: true });
    removed.push(`directory ${paths.dir}`);
  }
  if (existsSync(`/run/netns/${paths.netns}`)) {
    if ((await runCommand(["ip", "netns", "del", paths.netns])).exitCode === 0)
      removed.push(`network namespace ${paths.netns}`);
  }
  if (slots.networkSlot !== undefined) {
    await removeSandboxLink(sandboxId, hostIfnameOf(slots.networkSlot));
    releaseSlot(networkSlotsDir(), slots.networkSlot, sandboxId);
  }
  if (slots.slot !== undefined) releaseSlot(idRangeSlotsDir(), slots.slot, sandboxId);
  return { removed, leftovers: await leftoversOf(sandboxId, slots.networkSlot) };
}

/** What of the sandbox still exists on the host: the proof behind destroy(). */
export async function leftoversOf(sandboxId: string, networkSlot?: number): Promise<string[]> {
  const paths = containerPaths(sandboxId);
  const left: string[] = [];
  if (runcKnows(paths.containerId)) left.push(`runc container ${paths.containerId}`);
  for (const pid of cgroupPids(paths.cgroupsPath)) left.push(`process ${pid}`);
  for (const dir of cgroupDirs(paths.cgroupsPath)) left.push(`cgroup ${dir}`);
  for (const mount of mountsUnder(paths.dir)) left.push(`mount ${mount}`);
  for (const loop of loopDevicesBacking(`${paths.dir}/disk.img`)) left.push(`loop device ${loop}`);
  if (existsSync(paths.dir)) left.push(`directory ${paths.dir}`);
  if (existsSync(`/run/netns/${paths.netns}`)) left.push(`network namespace ${paths.netns}`);
  left.push(...(await sandboxLinkLeftovers(sandboxId, networkSlot)));
  return left;
}

async function unmount(mountPoint: string): Promise<number | null> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const result = await runCommand(["umount", mountPoint]);
    if (result.exitCode === 0) return 0;
    await sleep(25);
  }
  return 1;
}
