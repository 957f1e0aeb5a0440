import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cgroupHierarchies } from "../mount-table.host.js";
import type { SandboxSize } from "../sandbox-spec.js";

/**
 * What QEMU itself needs beyond the guest's RAM: its own code and heap, the 64 MiB TCG
 * translation cache (qemuCommand's tb-size) and the virtio queues.
 */
export const qemuOverheadMiB = 256;

/**
 * Makes the microVM's cgroup `<hierarchy>/<cgroupsPath>` in every hierarchy (as runc does for
 * a container, so teardown and the orphan sweep find QEMU the same way) and sets its limits
 * where the controller is there: memory (the guest's RAM plus qemuOverheadMiB, swap
 * included), CPU quota (the vCPUs) and pids. Returns the `cgroup.procs` files QEMU must join
 * before it starts. Precondition: root.
 */
export function makeVmCgroup(cgroupsPath: string, size: SandboxSize): string[] {
  const memory = String((size.memoryMiB + qemuOverheadMiB) * 1024 * 1024);
  const period = 100_000;
  const limits: readonly (readonly [string, string])[] = [
    ["memory.limit_in_bytes", memory],
    ["memory.memsw.limit_in_bytes", memory],
    ["memory.max", memory],
    ["memory.swap.max", "0"],
    ["cpu.cfs_period_us", String(period)],
    ["cpu.cfs_quota_us", String(Math.round(size.cpus * period))],
    ["cpu.max", `${Math.round(size.cpus * period)} ${period}`],
    // QEMU's threads: vCPUs, up to 64 I/O workers per thread pool, RCU and the main loop.
    // QEMU cannot fork (its seccomp sandbox denies spawning), so only threads count here.
    ["pids.max", String(256 + size.cpus)],
  ];
  const procs: string[] = [];
  for (const hierarchy of cgroupHierarchies()) {
    const dir = join(hierarchy, cgroupsPath);
    makeLevels(hierarchy, cgroupsPath);
    for (const [file, value] of limits) {
      if (existsSync(join(dir, file))) writeFileSync(join(dir, file), value);
    }
    procs.push(join(dir, "cgroup.procs"));
  }
  return procs;
}

/**
 * mkdir of each level below `hierarchy`; a new cpuset level gets its parent's cpus and mems,
 * without which no process can join it (v1 starts them empty).
 */
function makeLevels(hierarchy: string, cgroupsPath: string): void {
  let parent = hierarchy;
  for (const part of cgroupsPath.split("/").filter((p) => p.length > 0)) {
    const dir = join(parent, part);
    if (!existsSync(dir)) mkdirSync(dir);
    for (const file of ["cpuset.cpus", "cpuset.mems"]) {
      const own = join(dir, file);
      if (existsSync(own) && readFileSync(own, "utf8").trim() === "") {
        writeFileSync(own, readFileSync(join(parent, file), "utf8").trim());
      }
    }
    parent = dir;
  }
}
