/**
 * The resource rows of the container escape battery (docs/escape-battery.md): fork bomb,
 * memory bomb, disk fill and CPU hog, each bounded in time, in a hardened sandbox made by
 * the production code path. Each must end inside the sandbox with a clear reason; the host
 * side is measured where it can be (disk usage of the state dir's filesystem, CPU time of
 * the sandbox's cgroup). No weak control here: without limits these would load the host.
 */
import { existsSync, readFileSync } from "node:fs";
import { rm, statfs } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stateDir } from "../../src/core/state-dir.js";
import { containerBackend } from "../../src/sandbox/container/container-backend.js";
import { makeSandboxSpec, type SandboxSize } from "../../src/sandbox/sandbox-spec.js";
import { buildProbe } from "../support/build-probe.host.js";
import { missingRootFeature, reportSkip } from "../support/host-features.js";
import { runProbe, type ProbeRun } from "./run-probe.js";

const skip = missingRootFeature();
reportSkip("container resource probes", skip);

const size: SandboxSize = { cpus: 1, memoryMiB: 256, diskMiB: 512, pids: 128 };
const mib = 1024 * 1024;

async function freeBytes(path: string): Promise<number> {
  const s = await statfs(path);
  return s.bavail * s.bsize;
}

/** CPU time (ns) the sandbox's cgroup has used, from cgroup v1 cpuacct or v2 cpu.stat. */
function cgroupCpuNs(sandboxId: string): number | undefined {
  const v1 = `/sys/fs/cgroup/cpuacct/airlock/${sandboxId}/cpuacct.usage`;
  if (existsSync(v1)) return Number(readFileSync(v1, "utf8").trim());
  for (const v2 of [
    `/sys/fs/cgroup/airlock/${sandboxId}/cpu.stat`,
    `/sys/fs/cgroup/unified/airlock/${sandboxId}/cpu.stat`,
  ]) {
    if (!existsSync(v2)) continue;
    const usec = /^usage_usec (\d+)$/m.exec(readFileSync(v2, "utf8"))?.[1];
    if (usec !== undefined) return Number(usec) * 1000;
  }
  return undefined;
}

describe.skipIf(skip !== undefined)("container resource probes", () => {
  const backend = containerBackend();
  let probeDir = "";
  const run = (
    args: readonly string[],
    timeoutMs: number,
    during?: (id: string) => Promise<void> | void,
  ): Promise<ProbeRun> =>
    runProbe(
      backend,
      makeSandboxSpec({
        mounts: [{ source: probeDir, destination: "/probe", readonly: true }],
        size,
      }),
      args,
      {
        timeoutMs,
        ...(during === undefined ? {} : { during }),
      },
    );

  beforeAll(async () => {
    probeDir = await buildProbe(join(import.meta.dirname, "probe", "probe.c"));
  });
  afterAll(async () => {
    if (probeDir !== "") await rm(probeDir, { recursive: true, force: true });
  });

  it("fork-bomb: forks fail at the pids limit", async () => {
    const r = await run(["--fork-bomb", "300", "30"], 120_000);
    expect(r.result).toEqual({ end: "exited", exitCode: 0 });
    const fork = r.lines.find((l) => l.id === "fork-bomb" && l.step === "fork");
    console.log(`fork-bomb: ${fork?.ret ?? "?"} of 300 forks, then ${fork?.errno ?? "no error"}`);
    expect(fork?.errno).toBe("EAGAIN");
    expect(fork?.ret).toBeLessThan(size.pids);
  });

  it("memory-bomb: killed inside the sandbox and reported as oom", async () => {
    const r = await run(["--memory-bomb", String(size.memoryMiB * 4)], 120_000);
    expect(r.result.end).toBe("oom");
    expect(r.lines.some((l) => l.step === "survived")).toBe(false);
    const touched = Math.max(
      0,
      ...r.lines.filter((l) => l.step === "touched-mib").map((l) => l.ret),
    );
    console.log(`memory-bomb: ${r.result.end} after touching ${touched} MiB`);
    expect(touched).toBeLessThanOrEqual(size.memoryMiB);
  });

  it("disk-fill: ENOSPC at the cap, blocks and inodes; the host's disk use stays bounded", async () => {
    const freeBefore = await freeBytes(stateDir());
    let usedOnHost = 0;
    const r = await run(
      ["--disk-fill", "/var/tmp", String(size.diskMiB * 4)],
      300_000,
      async () => {
        usedOnHost = freeBefore - (await freeBytes(stateDir())); // the fill file still exists here
      },
    );
    expect(r.result).toEqual({ end: "exited", exitCode: 0 });
    const bytes = r.lines.find((l) => l.id === "disk-fill" && l.step === "mib");
    expect(["ENOSPC", "EDQUOT"]).toContain(bytes?.errno);
    expect(bytes?.ret).toBeLessThanOrEqual(size.diskMiB);
    const inodes = r.lines.find((l) => l.id === "disk-fill" && l.step === "inodes");
    console.log(
      `disk-fill: ${bytes?.ret ?? "?"} MiB then ${bytes?.errno ?? "-"}; ${inodes?.ret ?? "?"} files then ${inodes?.errno ?? "-"}; host used ${Math.round(usedOnHost / mib)} MiB`,
    );
    expect(["ENOSPC", "EDQUOT"]).toContain(inodes?.errno);
    expect(usedOnHost).toBeLessThan((size.diskMiB + 128) * mib);
  });

  it("cpu-hog: throttled to the CPU limit and killed at the wall-clock limit as timeout", async () => {
    const timeoutMs = 4000;
    let cpuNs: number | undefined;
    const r = await run(["--cpu-hog", "8"], timeoutMs, (id) => {
      cpuNs = cgroupCpuNs(id);
    });
    expect(r.result.end).toBe("timeout");
    expect(r.elapsedMs).toBeLessThan(timeoutMs + 10_000);
    expect(r.lines.some((l) => l.id === "cpu-hog" && l.step === "started")).toBe(true);
    if (cpuNs === undefined) throw new Error("no cgroup CPU accounting found for the sandbox");
    // 8 spinning threads on a 1-CPU quota: at most about one CPU-second per wall second.
    console.log(`cpu-hog: ${Math.round(cpuNs / 1e6)} ms CPU in ${Math.round(r.elapsedMs)} ms`);
    expect(cpuNs / 1e6).toBeLessThan(size.cpus * r.elapsedMs * 1.25 + 500);
  });
});
