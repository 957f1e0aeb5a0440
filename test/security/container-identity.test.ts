/**
 * Root inside, nobody outside: `id` in a sandbox prints uid 0 while the host sees the same
 * processes under an unprivileged uid of the sandbox's own range, different for every
 * concurrent sandbox. The weak control (no user namespace) shows host uid 0: the check sees.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cgroupPids } from "../../src/sandbox/container/container-cgroup.host.js";
import { containerBackend } from "../../src/sandbox/container/container-backend.js";
import { makeSandboxSpec, noHardening, type SandboxSpec } from "../../src/sandbox/sandbox-spec.js";
import type { Sandbox } from "../../src/sandbox/sandbox.js";
import { outputCollector } from "../support/collect-output.js";
import { missingRootFeature, reportSkip } from "../support/host-features.js";

const skip = missingRootFeature();
reportSkip("container identity", skip);
const backend = containerBackend();
const small: Partial<SandboxSpec> = { size: { cpus: 1, memoryMiB: 128, diskMiB: 64, pids: 64 } };

/** Host uids (real, effective, saved, fs) of every process in the sandbox. */
function hostUids(sandbox: Sandbox): number[] {
  return cgroupPids(`/airlock/${sandbox.id}`).flatMap((pid) => {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    return (/^Uid:\s+(.*)$/m.exec(status)?.[1] ?? "").split(/\s+/).map(Number);
  });
}

async function idInside(sandbox: Sandbox): Promise<string> {
  const out = outputCollector();
  await sandbox.exec(["id", "-u"], out);
  return out.stdout().trim();
}

describe.skipIf(skip !== undefined)("container identity", () => {
  it("is uid 0 inside and an unprivileged, per-sandbox uid on the host", async () => {
    await using a = await backend.create(makeSandboxSpec(small));
    await using b = await backend.create(makeSandboxSpec(small));
    expect(await idInside(a)).toBe("0");
    const running = a.exec(["sleep", "2"]);
    const uidsA = hostUids(a);
    const uidsB = hostUids(b);
    await running;
    expect(uidsA.length).toBeGreaterThan(0);
    for (const uid of [...uidsA, ...uidsB]) expect(uid).toBeGreaterThanOrEqual(2 ** 30);
    expect(new Set(uidsA).size).toBe(1);
    expect(uidsB[0]).not.toBe(uidsA[0]);
  });

  it("weak control: without a user namespace the host sees uid 0", async () => {
    await using weak = await backend.create(makeSandboxSpec({ ...small, hardening: noHardening }));
    expect(await idInside(weak)).toBe("0");
    expect(hostUids(weak)).toContain(0);
  });
});
