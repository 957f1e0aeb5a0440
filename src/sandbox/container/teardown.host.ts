import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { runCommand } from "../../core/run-command.host.js";
import type { CleanupReport } from "../sandbox.js";
import { mountsUnder } from "../mount-table.host.js";
import { cgroupDirs, cgroupPids, removeCgroupDirs } from "./container-cgroup.host.js";
import { containerPaths } from "./container-paths.js";
import { runcKnows, runcRemove } from "./runc.host.js";
import { idRangeSlotsDir } from "./container-paths.js";
import { releaseIdRange } from "./uid-range.host.js";

/**
 * Removes every host resource of one container sandbox, whatever state it is in (fully
 * made, half made, or left by a killed airlock): processes, runc state, cgroups, mounts,
 * the loop device, the state directory and the id range. Idempotent. The directory is
 * deleted only once nothing is mounted below it, so the image can never be deleted through
 * a still-mounted lower layer. Returns what it removed and what it could not.
 */
export async function teardownContainer(
  sandboxId: string,
  slot: number | undefined,
): Promise<CleanupReport> {
  const paths = containerPaths(sandboxId);
  const removed: string[] = [];
  if (runcKnows(paths.containerId)) {
    await runcRemove(paths.containerId).catch(() => undefined);
    removed.push(`runc container ${paths.containerId}`);
  }
  for (let attempt = 0; attempt < 50 && cgroupPids(paths.cgroupsPath).length > 0; attempt++) {
    for (const pid of cgroupPids(paths.cgroupsPath)) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        /* already gone */
      }
    }
    await sleep(20);
  }
  if (cgroupDirs(paths.cgroupsPath).length > 0) {
    const left = removeCgroupDirs(paths.cgroupsPath);
    if (left.length === 0) removed.push(`cgroups ${paths.cgroupsPath}`);
  }
  for (const mount of mountsUnder(paths.dir)) {
    if ((await unmount(mount)) === 0) removed.push(`mount ${mount}`);
  }
  const diskImage = `${paths.dir}/disk.img`;
  const loops = await runCommand([
    "losetup",
    "--noheadings",
    "--output",
    "NAME",
    "--associated",
    diskImage,
  ]);
  for (const loop of loops.stdout.split("\n").filter((l) => l.length > 0)) {
    await runCommand(["losetup", "--detach", loop]);
    removed.push(`loop device ${loop}`);
  }
  if (existsSync(paths.dir) && mountsUnder(paths.dir).length === 0) {
    await rm(paths.dir, { recursive: true, force: true });
    removed.push(`directory ${paths.dir}`);
  }
  if (slot !== undefined) releaseIdRange(idRangeSlotsDir(), slot, sandboxId);
  return { removed, leftovers: await leftoversOf(sandboxId) };
}

/** What of the sandbox still exists on the host: the proof behind destroy(). */
export async function leftoversOf(sandboxId: string): Promise<string[]> {
  const paths = containerPaths(sandboxId);
  const left: string[] = [];
  if (runcKnows(paths.containerId)) left.push(`runc container ${paths.containerId}`);
  for (const pid of cgroupPids(paths.cgroupsPath)) left.push(`process ${pid}`);
  for (const dir of cgroupDirs(paths.cgroupsPath)) left.push(`cgroup ${dir}`);
  for (const mount of mountsUnder(paths.dir)) left.push(`mount ${mount}`);
  const loops = await runCommand([
    "losetup",
    "--noheadings",
    "--output",
    "NAME",
    "--associated",
    `${paths.dir}/disk.img`,
  ]);
  for (const loop of loops.stdout.split("\n").filter((l) => l.length > 0))
    left.push(`loop device ${loop}`);
  if (existsSync(paths.dir)) left.push(`directory ${paths.dir}`);
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
