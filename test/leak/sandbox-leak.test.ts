/**
 * The leak test: 200 sandboxes made and destroyed, 20 of them inside an airlock process that
 * is killed with SIGKILL while its command runs; then `gc`. Afterwards the host's own tables
 * must show nothing of airlock: no process, mount, cgroup, loop device, overlay directory,
 * runc state or id range.
 */
import { spawn, execFileSync } from "node:child_process";
import { once } from "node:events";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stateDir } from "../../src/core/state-dir.js";
import { containerBackend } from "../../src/sandbox/container/container-backend.js";
import { cgroupPids } from "../../src/sandbox/container/container-cgroup.host.js";
import { sweepContainerOrphans } from "../../src/sandbox/container/orphan-sweep.host.js";
import { makeSandboxSpec } from "../../src/sandbox/sandbox-spec.js";
import { pooledBackend } from "../../src/sandbox/warm-pool.js";
import { airlockFootprint } from "../support/airlock-footprint.host.js";
import { missingRootFeature, reportSkip } from "../support/host-features.js";

const skip = missingRootFeature();
reportSkip("leak test", skip);
const repo = join(import.meta.dirname, "..", "..");
const cli = join(repo, "dist", "cli", "main.js");
const spec = makeSandboxSpec({ size: { cpus: 1, memoryMiB: 128, diskMiB: 64, pids: 64 } });

describe.skipIf(skip !== undefined)("sandbox leak test", () => {
  beforeAll(() => {
    execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: repo, stdio: "inherit" });
    expect(airlockFootprint()).toEqual([]);
  });
  afterAll(async () => {
    await sweepContainerOrphans();
  });

  it("180 sandboxes destroyed in-process leave nothing", async () => {
    const backend = containerBackend();
    for (let i = 0; i < 180; i++) {
      await using sandbox = await backend.create(spec);
      const result = await sandbox.exec(["sh", "-c", i % 3 === 0 ? "sleep 60 & true" : "true"]);
      expect(result.exitCode).toBe(0);
    }
    expect(airlockFootprint()).toEqual([]);
  });

  it("a warm pool hands out fresh sandboxes and leaves nothing once disposed", async () => {
    {
      await using pool = pooledBackend(containerBackend(), { size: 2, template: spec });
      for (let i = 0; i < 5; i++) {
        await using sandbox = await pool.create(spec);
        // Fresh: nothing of an earlier sandbox, and nothing ran in it before this command.
        const result = await sandbox.exec(["sh", "-c", "test ! -e /tmp/used && touch /tmp/used"]);
        expect(result.exitCode).toBe(0);
      }
    }
    expect(airlockFootprint()).toEqual([]);
  });

  it("20 airlock processes killed by SIGKILL mid-run leave nothing after gc", async () => {
    // All 20 run at once, so no start-up sweep can reap another's sandbox: gc must find 20.
    const sandboxes = join(stateDir(), "sandboxes");
    const children = Array.from({ length: 20 }, () =>
      spawn(
        "node",
        [
          cli,
          "sandbox",
          "run",
          "--network",
          "none",
          "--memory",
          "128m",
          "--disk",
          "64m",
          "--",
          "sh",
          "-c",
          "sleep 120 & sleep 120",
        ],
        {
          stdio: "ignore",
        },
      ),
    );
    try {
      // Wait until every command runs inside its sandbox, then kill airlock itself.
      for (let t = 0; t < 600 && runningSandboxes(sandboxes) < 20; t++) await sleep(100);
      expect(runningSandboxes(sandboxes)).toBe(20);
    } finally {
      for (const child of children) child.kill("SIGKILL");
      const exits = children
        .filter((c) => c.exitCode === null && c.signalCode === null)
        .map((c) => once(c, "exit"));
      await Promise.all(exits);
    }
    expect(airlockFootprint().length).toBeGreaterThan(0);
    const gc = execFileSync("node", [cli, "sandbox", "gc"], { encoding: "utf8" });
    expect(gc).toMatch(/swept 20 orphaned sandbox/);
    expect(airlockFootprint()).toEqual([]);
  });
});

/** Sandboxes whose command runs: init plus sh and two sleeps in the cgroup. */
function runningSandboxes(sandboxes: string): number {
  if (!existsSync(sandboxes)) return 0;
  return readdirSync(sandboxes).filter((id) => cgroupPids(`/airlock/${id}`).length >= 4).length;
}
