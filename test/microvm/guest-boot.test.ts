/**
 * The first microVM increment end to end: guest boot files built into a temporary image
 * store from Debian's linux-image-cloud-amd64 (needs the Debian mirror), then a guest booted
 * under TCG (software emulation: nested KVM guests hang on these hosts) until
 * native/guest-init.c reports ready, then commands run in the guest over the airlock.agent
 * virtio-serial port (docs/agent-protocol.md). Afterwards no QEMU process may be left.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AirlockError } from "../../src/core/airlock-error.js";
import {
  resolveGuestBootFiles,
  type GuestBootFiles,
} from "../../src/image/guest/ensure-guest-boot-files.host.js";
import type { AgentChannel } from "../../src/sandbox/container/agent-channel.js";
import type { ExecCommand } from "../../src/sandbox/container/agent-protocol.js";
import { bootGuest } from "../../src/sandbox/microvm/boot-guest.host.js";

function missingFeature(): string | undefined {
  if (process.getuid?.() !== 0) return "needs root (the image store is root's)";
  const path = (process.env["PATH"] ?? "").split(":");
  if (!path.some((dir) => existsSync(join(dir, "qemu-system-x86_64"))))
    return "needs qemu-system-x86_64 (apt-get install qemu-system-x86)";
  return undefined;
}

/** Runs one command through the agent; its exit status and output. */
async function run(
  agent: AgentChannel,
  command: ExecCommand,
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const out = { stdout: "", stderr: "" };
  const exitCode = await agent.exec(command, {
    onOutput: (stream, chunk) => {
      out[stream] += chunk.toString("utf8");
    },
  });
  return { exitCode, ...out };
}

/** Pids of live processes whose command line mentions `text`. */
function processesMentioning(text: string): number[] {
  return readdirSync("/proc")
    .filter((e) => /^\d+$/.test(e))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(text);
      } catch {
        return false;
      }
    })
    .map(Number);
}

const skip = missingFeature();
if (skip !== undefined) console.warn(`SKIP microVM guest boot: ${skip}`);

describe.skipIf(skip !== undefined)("microVM guest boot (TCG)", () => {
  let state: string;
  const previousState = process.env["AIRLOCK_STATE_DIR"];
  let files: GuestBootFiles;

  beforeAll(() => {
    state = mkdtempSync(join(tmpdir(), "airlock-microvm-"));
    process.env["AIRLOCK_STATE_DIR"] = state;
  });
  afterAll(() => {
    if (previousState === undefined) delete process.env["AIRLOCK_STATE_DIR"];
    else process.env["AIRLOCK_STATE_DIR"] = previousState;
    rmSync(state, { recursive: true, force: true });
  });

  it("builds the boot files once, content-addressed, even for concurrent callers", async () => {
    const [a, b] = await Promise.all([resolveGuestBootFiles(), resolveGuestBootFiles()]);
    expect(a).toEqual(b);
    files = a;
    expect(files.kernelVersion).toMatch(/^\d+\.\d+\.\d+-\d+-cloud-amd64$/);
    const guest = join(state, "images", "guest");
    const entries = readdirSync(guest);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(readdirSync(join(guest, entries[0] ?? "")).sort()).toEqual([
      "initramfs.img",
      "meta.json",
      "modules.ext4",
      "vmlinuz",
    ]);
    // A second call finds the stored files: nothing is rebuilt or rewritten.
    const meta = join(guest, entries[0] ?? "", "meta.json");
    const before = statSync(meta);
    expect(await resolveGuestBootFiles()).toEqual(files);
    expect(statSync(meta).ino).toBe(before.ino);
    expect(statSync(meta).mtimeMs).toBe(before.mtimeMs);
  });

  it("boots to guest-init's ready line with every module loaded, then powers off", async () => {
    const result = await bootGuest(
      { kernel: files.kernel, initramfs: files.initramfs, accel: "tcg", cpus: 1, memoryMiB: 256 },
      { deadlineMs: 45_000 },
    );
    console.log(
      `microVM TCG boot: ready after ${result.msToReady} ms, kernel ${result.kernelRelease}, ` +
        `modules ${result.modulesLoaded}/${result.modulesListed}, ` +
        `virtio devices ${result.virtioDevices}, ports ${result.virtioPorts}`,
    );
    expect(result.kernelRelease).toBe(files.kernelVersion);
    expect(result.modulesListed).toBeGreaterThan(0);
    expect(result.modulesLoaded).toBe(result.modulesListed);
    // virtio_mmio and virtio_console work: the virtio-serial device and its airlock.agent port.
    expect(result.virtioDevices).toBe(1);
    expect(result.virtioPorts).toBe(1);
    // No agentSocket: the port's host end is not connected, so guest-init serves nothing.
    expect(result.console).toMatch(/airlock-guest-init: agent no-host/);
    expect(result.poweredOff).toBe(true);
    expect(existsSync(`/proc/${result.qemuPid}`)).toBe(false);
    expect(processesMentioning(state)).toEqual([]);
  });

  it("runs commands in the guest over the agent port, then powers off when it closes", async () => {
    const agentSocket = join(state, "agent.sock");
    const results: Awaited<ReturnType<typeof run>>[] = [];
    let ms = 0;
    const result = await bootGuest(
      {
        kernel: files.kernel,
        initramfs: files.initramfs,
        accel: "tcg",
        cpus: 1,
        memoryMiB: 256,
        agentSocket,
      },
      {
        deadlineMs: 45_000,
        onAgent: async (agent) => {
          const started = performance.now();
          // The initramfs has no shell or uname: guest-init has a built-in `uname`.
          results.push(await run(agent, { argv: ["/init", "uname"], env: [], cwd: "/" }));
          ms = Math.round(performance.now() - started);
          // Two at once, each under its own id; one is not found, one is not PID 1.
          results.push(
            ...(await Promise.all([
              run(agent, { argv: ["no-such-command"], env: ["PATH=/sbin"], cwd: "/" }),
              run(agent, { argv: ["/init"], env: [], cwd: "/" }),
            ])),
          );
        },
      },
    );
    console.log(`microVM agent: first exec answered in ${ms} ms (TCG)`);
    expect(result.console).toMatch(/airlock-guest-init: agent serving/);
    const [uname, missing, notPid1] = results;
    expect(uname?.exitCode).toBe(0);
    expect(uname?.stdout).toMatch(
      new RegExp(`^Linux \\S+ ${files.kernelVersion.replace(/\./g, "\\.")} #.* x86_64\n$`),
    );
    expect(uname?.stderr).toBe("");
    expect(missing?.exitCode).toBe(127);
    expect(missing?.stderr).toMatch(/no-such-command/);
    expect(notPid1?.exitCode).toBe(2);
    expect(notPid1?.stderr).toMatch(/must run as PID 1/);
    // Closing the channel ends the agent; guest-init then powers the VM off.
    expect(result.poweredOff).toBe(true);
    expect(result.console).toMatch(/airlock-guest-init: agent ended/);
    expect(existsSync(`/proc/${result.qemuPid}`)).toBe(false);
    expect(existsSync(agentSocket)).toBe(false);
    expect(processesMentioning(state)).toEqual([]);
  });

  it("kills QEMU when the deadline passes, leaving no process", async () => {
    const attempt = bootGuest(
      { kernel: files.kernel, initramfs: files.initramfs, accel: "tcg", cpus: 1, memoryMiB: 256 },
      { deadlineMs: 300 },
    );
    await expect(attempt).rejects.toThrow(AirlockError);
    await expect(attempt).rejects.toThrow(/not ready within 300 ms/);
    expect(processesMentioning(state)).toEqual([]);
  });
});
