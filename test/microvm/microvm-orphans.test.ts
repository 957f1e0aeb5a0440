/**
 * A killed airlock leaves no VM behind: `airlock sandbox run --backend microvm` is SIGKILLed
 * while its command runs; the guest's agent then reads EOF and guest-init powers the VM off,
 * and `airlock sandbox gc` removes what is left (state directory, cgroup, netns, slots).
 * Uses the default state directory, like the other backend suites.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { leftoversOf } from "../../src/sandbox/container/teardown.host.js";
import { sandboxesDir } from "../../src/sandbox/container/container-paths.js";
import { airlockFootprint } from "../support/airlock-footprint.host.js";
import { missingMicrovmFeature, reportSkip } from "../support/host-features.js";

const skip = missingMicrovmFeature();
reportSkip("microVM orphans", skip);
const repo = join(import.meta.dirname, "..", "..");
const cli = join(repo, "dist", "cli", "main.js");

/** Pids of QEMU processes whose command line names `text`. */
function qemuMentioning(text: string): number[] {
  return readdirSync("/proc")
    .filter((e) => /^\d+$/.test(e))
    .filter((pid) => {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
        return cmdline.includes("qemu-system") && cmdline.includes(text);
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe.skipIf(skip !== undefined)("microVM orphans", () => {
  beforeAll(() => {
    execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: repo, stdio: "inherit" });
  });

  it("a SIGKILLed airlock leaves no QEMU, and gc leaves nothing at all", async () => {
    const before = new Set(existsSync(sandboxesDir()) ? readdirSync(sandboxesDir()) : []);
    const airlock = spawn(
      "node",
      [
        cli,
        "sandbox",
        "run",
        "--backend",
        "microvm",
        "--allow-tcg",
        "--network",
        "none",
        "--",
        "sh",
        "-c",
        "echo up; sleep 300",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    const exited = new Promise<void>((resolve) => airlock.on("close", () => resolve()));
    try {
      // The command printing "up" means the VM is booted and serving.
      await new Promise<void>((resolve, reject) => {
        airlock.stdout.on("data", (chunk: Buffer) => {
          if (chunk.toString().includes("up")) resolve();
        });
        void exited.then(() => reject(new Error("airlock exited before the VM was up")));
      });
      const ids = readdirSync(sandboxesDir()).filter((id) => !before.has(id));
      expect(ids).toHaveLength(1);
      const id = ids[0] ?? "";
      expect(qemuMentioning(id)).toHaveLength(1);
      process.kill(airlock.pid ?? -1, "SIGKILL");
      await exited;
      // No airlock is left to kill QEMU: the guest powers itself off when the channel closes.
      for (let i = 0; i < 100 && qemuMentioning(id).length > 0; i++) await sleep(100);
      expect(qemuMentioning(id)).toEqual([]);
      expect((await leftoversOf(id)).length).toBeGreaterThan(0); // the state is still there
      execFileSync("node", [cli, "sandbox", "gc"], { stdio: "ignore" });
      expect(await leftoversOf(id)).toEqual([]);
      expect(airlockFootprint()).toEqual([]);
    } finally {
      if (airlock.exitCode === null && airlock.signalCode === null) airlock.kill("SIGKILL");
      await exited;
    }
  });
});
