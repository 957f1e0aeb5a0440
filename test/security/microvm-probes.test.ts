/**
 * The microVM probes of docs/escape-battery.md. Each probe runs in a VM made by the
 * production backend (it must be blocked) and in a deliberately weak VM booted by the same
 * QEMU driver with one protection taken away (it must succeed there, or the probe is blind).
 * The weak VMs run as root without QEMU's seccomp sandbox, cgroup or netns, with one extra
 * device, CPU feature or monitor each: exactly what the production path never does.
 * Runs under TCG where KVM cannot boot a guest.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureRootDisk } from "../../src/image/ensure-root-disk.host.js";
import {
  ensureGuestBootFiles,
  type GuestBootFiles,
} from "../../src/image/guest/ensure-guest-boot-files.host.js";
import { resolveImage } from "../../src/image/image-store.js";
import type { AgentChannel } from "../../src/sandbox/container/agent-channel.js";
import { bootGuest } from "../../src/sandbox/microvm/boot-guest.host.js";
import { microvmBackend } from "../../src/sandbox/microvm/microvm-backend.js";
import { MicrovmSandbox } from "../../src/sandbox/microvm/microvm-sandbox.host.js";
import { makeUpperDisk } from "../../src/sandbox/microvm/upper-disk.host.js";
import { makeSandboxSpec, type SandboxSize } from "../../src/sandbox/sandbox-spec.js";
import { outputCollector } from "../support/collect-output.js";
import { missingMicrovmFeature, reportSkip } from "../support/host-features.js";

const skip = missingMicrovmFeature();
reportSkip("microVM escape probes", skip);

const small: SandboxSize = { cpus: 1, memoryMiB: 512, diskMiB: 256, pids: 512 };
const backend = microvmBackend({ allowTcg: true });

/** Runs `script` with sh in a production VM; its stdout. */
async function inHardened(script: string, size: SandboxSize = small): Promise<string> {
  await using vm = await backend.create(makeSandboxSpec({ backend: "microvm", size }));
  // Awaited here: `vm` is disposed when this block ends.
  return await run(script, (argv, onOutput) => vm.exec(argv, { onOutput }).then((r) => r.exitCode));
}

async function run(
  script: string,
  exec: (
    argv: readonly string[],
    onOutput: (stream: "stdout" | "stderr", chunk: Buffer) => void,
  ) => Promise<number>,
): Promise<string> {
  const out = outputCollector();
  await exec(["sh", "-c", script], out.onOutput);
  return out.stdout();
}

interface QemuView {
  readonly uid: number;
  readonly noNewPrivs: number;
  readonly seccomp: number;
  readonly capEff: string;
  readonly cgroup: string;
  readonly listening: number;
}

/** What the host sees of a QEMU process: identity, confinement, listening sockets. */
function viewQemu(pid: number): QemuView {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const field = (name: string): string =>
    new RegExp(`^${name}:\\s*(\\S+)`, "m").exec(status)?.[1] ?? "";
  const sockets = readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
    try {
      const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
      return inode === undefined ? [] : [inode];
    } catch {
      return [];
    }
  });
  const table = (name: string): string[] =>
    readFileSync(`/proc/${pid}/net/${name}`, "utf8").split("\n").slice(1);
  const unixListening = table("unix").filter((line) => {
    const cols = line.trim().split(/\s+/);
    return cols[3] === "00010000" && sockets.includes(cols[6] ?? "");
  });
  const tcpListening = [...table("tcp"), ...table("tcp6")].filter((line) => {
    const cols = line.trim().split(/\s+/);
    return cols[3] === "0A" && sockets.includes(cols[9] ?? "");
  });
  return {
    uid: Number(field("Uid")),
    noNewPrivs: Number(field("NoNewPrivs")),
    seccomp: Number(field("Seccomp")),
    capEff: field("CapEff"),
    cgroup: readFileSync(`/proc/${pid}/cgroup`, "utf8"),
    listening: unixListening.length + tcpListening.length,
  };
}

describe.skipIf(skip !== undefined)("microVM escape probes", () => {
  let files: GuestBootFiles;
  let baseDisk: string;
  let scratch: string;

  beforeAll(async () => {
    files = await ensureGuestBootFiles();
    baseDisk = await ensureRootDisk(await resolveImage("default"));
    scratch = mkdtempSync(join(tmpdir(), "airlock-vmprobe-"));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  /**
   * Boots a weak VM (root, no seccomp sandbox, no cgroup or netns, plus `extraArgs`) on the
   * image, runs `script` in it and returns its stdout; `whileUp` sees QEMU's pid.
   */
  async function inWeak(
    name: string,
    extraArgs: readonly string[],
    script: string,
    whileUp?: (qemuPid: number) => void,
  ): Promise<string> {
    const dir = join(scratch, name);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    const upper = join(dir, "upper.ext4");
    await makeUpperDisk(upper, 256, 0);
    let stdout = "";
    await bootGuest(
      {
        kernel: files.kernel,
        initramfs: files.initramfs,
        accel: "tcg",
        cpus: 1,
        memoryMiB: 512,
        agentSocket: join(dir, "agent.sock"),
        disks: [
          { path: baseDisk, serial: "airlock-base", readonly: true },
          { path: upper, serial: "airlock-upper", readonly: false },
        ],
        weaken: { noSeccomp: true, extraArgs },
      },
      {
        deadlineMs: 90_000,
        onAgent: async (agent: AgentChannel) => {
          const env = ["PATH=/usr/sbin:/usr/bin:/sbin:/bin"];
          stdout = await run(script, (argv, onOutput) =>
            agent.exec({ argv, env, cwd: "/" }, { onOutput }),
          );
          if (whileUp !== undefined) {
            const pid = readdirSync("/proc")
              .filter((e) => /^\d+$/.test(e))
              .find((p) => {
                try {
                  return readFileSync(`/proc/${p}/cmdline`, "utf8").includes(dir);
                } catch {
                  return false;
                }
              });
            if (pid === undefined) throw new Error("the weak VM's QEMU was not found");
            whileUp(Number(pid));
          }
        },
      },
    );
    return stdout;
  }

  it("nested-virt: the guest's CPU has no vmx or svm and there is no /dev/kvm", async () => {
    const probe =
      "grep -cwE 'vmx|svm' /proc/cpuinfo || true; test -e /dev/kvm && echo kvm || echo no-kvm";
    expect(await inHardened(probe)).toBe("0\nno-kvm\n");
    // Control: a CPU model with AMD-V (which TCG emulates) shows it.
    const weak = await inWeak("cpu", ["-cpu", "qemu64,+svm"], probe);
    expect(Number(weak.split("\n")[0])).toBeGreaterThan(0);
  });

  it("devices: only the agent port, disks and (with a network) the NIC; no vsock, no other port", async () => {
    const probe =
      "cat /sys/bus/virtio/devices/*/device | sort | uniq -c | tr -s ' '; " +
      "echo ports: $(cat /sys/class/virtio-ports/*/name)";
    // 0x0002 block (base, upper, modules), 0x0003 console (the agent's virtio-serial).
    expect(await inHardened(probe)).toBe(" 3 0x0002\n 1 0x0003\nports: airlock.agent\n");
    // Control: a VM given a vsock-like extra device (an RNG, which needs nothing on the host)
    // and a second serial port (as a guest agent would have) shows both.
    const weak = await inWeak(
      "devices",
      [
        "-device",
        "virtio-rng-device",
        "-chardev",
        "null,id=extra",
        "-device",
        "virtserialport,chardev=extra,name=org.qemu.guest_agent.0",
      ],
      probe,
    );
    expect(weak).toMatch(/ 1 0x0004\n/);
    expect(weak).toMatch(/^ports: .*org\.qemu\.guest_agent\.0/m);
  });

  it("QEMU seen from the host: unprivileged, seccomp, no_new_privs, no caps, own cgroup, no monitor", async () => {
    {
      await using vm = await backend.create(makeSandboxSpec({ backend: "microvm", size: small }));
      if (!(vm instanceof MicrovmSandbox)) throw new Error("the microVM backend made no VM");
      const view = viewQemu(vm.qemuPid);
      expect(view.uid).toBeGreaterThanOrEqual(2 ** 30);
      expect(view.noNewPrivs).toBe(1);
      expect(view.seccomp).toBe(2);
      expect(view.capEff).toBe("0000000000000000");
      expect(view.cgroup).toContain(`/airlock/${vm.id}`);
      expect(view.listening).toBe(0);
    }
    // Control: QEMU as root, without its sandbox, with a QMP monitor listening.
    let weak: QemuView | undefined;
    const qmp = join(scratch, "qmp.sock");
    await inWeak("monitor", ["-qmp", `unix:${qmp},server=on,wait=off`], "true", (pid) => {
      weak = viewQemu(pid);
    });
    expect(weak?.uid).toBe(0);
    expect(weak?.seccomp).toBe(0);
    expect(weak?.listening).toBeGreaterThan(0);
  });

  it("disk fill: writes stop at the sandbox's disk size", async () => {
    const fill =
      "dd if=/dev/zero of=/fill bs=1M count=300 2>&1 | grep -o 'No space left' | head -1; " +
      "echo written=$(( $(stat -c %s /fill) / 1048576 ))";
    const capped = await inHardened(fill, { ...small, diskMiB: 128 });
    expect(capped).toMatch(/^No space left\n/);
    expect(Number(/written=(\d+)/.exec(capped)?.[1])).toBeLessThan(128);
    // Control: the same write with room for it completes.
    const roomy = await inHardened(fill, { ...small, diskMiB: 512 });
    expect(roomy).toBe("written=300\n");
  });
});
