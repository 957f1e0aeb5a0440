import { existsSync, readFileSync, rmdirSync } from "node:fs";
import { join } from "node:path";
import { cgroupHierarchies } from "../mount-table.host.js";

/**
 * The container's cgroup in every hierarchy (v1 controllers and the v2 tree of a hybrid
 * host): `<hierarchy>/<cgroupsPath>`. runc creates them; airlock reads OOM counters and
 * process lists from them and removes what runc leaves.
 */
export function cgroupDirs(cgroupsPath: string): string[] {
  return cgroupHierarchies()
    .map((h) => join(h, cgroupsPath))
    .filter((dir) => existsSync(dir));
}

/** Host pids of every process in the container (from the first hierarchy that lists them). */
export function cgroupPids(cgroupsPath: string): number[] {
  for (const dir of cgroupDirs(cgroupsPath)) {
    try {
      const text = readFileSync(join(dir, "cgroup.procs"), "utf8");
      return text
        .split("\n")
        .filter((l) => l.length > 0)
        .map(Number);
    } catch {
      /* try the next hierarchy */
    }
  }
  return [];
}

/** OOM kills so far in the container's memory cgroup (v1 memory.oom_control or v2 memory.events). */
export function oomKillCount(cgroupsPath: string): number {
  for (const dir of cgroupDirs(cgroupsPath)) {
    for (const file of ["memory.oom_control", "memory.events"]) {
      try {
        const match = /^oom_kill (\d+)$/m.exec(readFileSync(join(dir, file), "utf8"));
        if (match?.[1] !== undefined) return Number(match[1]);
      } catch {
        /* not this controller */
      }
    }
  }
  return 0;
}

/** Removes the container's (empty) cgroup dirs; returns those that could not be removed. */
export function removeCgroupDirs(cgroupsPath: string): string[] {
  const left: string[] = [];
  for (const dir of cgroupDirs(cgroupsPath)) {
    try {
      rmdirSync(dir);
    } catch {
      left.push(dir);
    }
  }
  return left;
}
