import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { stateDir } from "../../src/core/state-dir.js";

/**
 * Every host resource an airlock sandbox can leave, listed from the host's own tables (not
 * from airlock's bookkeeping): runc containers, sandbox-init and QEMU processes, cgroup dirs
 * under /airlock, mounts under the state dir, loop devices backing sandbox disks, microVM
 * network namespaces, state directories and held id ranges. Empty means nothing is left.
 */
export function airlockFootprint(): string[] {
  const found: string[] = [];
  const sandboxesDir = join(stateDir(), "sandboxes");
  const runc = execFileSync("runc", ["list", "-q"], { encoding: "utf8" });
  for (const id of runc.split("\n").filter((l) => l.startsWith("airlock-")))
    found.push(`runc ${id}`);
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      const exe = cmdline.split("\0")[0] ?? "";
      if (exe === "/.airlock/init") found.push(`process ${pid} (sandbox-init)`);
      // A microVM's QEMU names its sandbox's disk and agent socket on its command line.
      if (exe.includes("qemu-system") && cmdline.includes(sandboxesDir))
        found.push(`process ${pid} (QEMU)`);
    } catch {
      /* exited meanwhile */
    }
  }
  const mountinfo = readFileSync("/proc/self/mountinfo", "utf8").split("\n");
  const sandboxes = join(stateDir(), "sandboxes");
  for (const line of mountinfo) {
    const point = line.split(" ")[4];
    if (point?.startsWith(sandboxes)) found.push(`mount ${point}`);
  }
  for (const line of mountinfo.filter((l) => / - cgroup2? /.test(l))) {
    const dir = join(line.split(" ")[4] ?? "/nonexistent", "airlock");
    if (existsSync(dir)) {
      for (const child of readdirSync(dir, { withFileTypes: true }).filter((d) =>
        d.isDirectory(),
      )) {
        found.push(`cgroup ${join(dir, child.name)}`);
      }
    }
  }
  const loops = execFileSync("losetup", ["--list", "--noheadings", "--output", "NAME,BACK-FILE"], {
    encoding: "utf8",
  });
  for (const line of loops.split("\n").filter((l) => l.includes(sandboxes)))
    found.push(`loop ${line.trim()}`);
  if (existsSync(sandboxes)) for (const d of readdirSync(sandboxes)) found.push(`state dir ${d}`);
  // A microVM's own network namespace (its tap lives there).
  for (const name of existsSync("/run/netns") ? readdirSync("/run/netns") : []) {
    if (/^airlock-[0-9a-f]{12}$/.test(name)) found.push(`netns ${name}`);
  }
  const ranges = join(stateDir(), "id-ranges");
  if (existsSync(ranges)) for (const r of readdirSync(ranges)) found.push(`id range ${r}`);
  return found;
}
