// microVM boot benchmark: time from create() to the first exec returning, and the host
// memory one idle VM costs, against the container backend doing the same in the same run
// (interleaved). KVM where it boots a guest here, else TCG, and the JSON says which. Never
// asserts on time; DESIGN.md's targets (KVM: under 300 ms to first exec, under 20 MiB
// overhead per VM) are reported as met or not, and as not applicable under TCG.
//
//   bash bench/run microvm-boot [--iterations N (10)] [--warmup N (1)]
import { readFileSync } from "node:fs";
import { cpus, release } from "node:os";
import { errorMessage, round, summarize } from "./bench-support.js";
import { FlagReader, UsageError } from "./flag-reader.js";
import { ensureGuestBootFiles } from "../src/image/guest/ensure-guest-boot-files.host.js";
import { containerBackend } from "../src/sandbox/container/container-backend.js";
import { chooseAccel } from "../src/sandbox/microvm/choose-accel.host.js";
import { microvmBackend } from "../src/sandbox/microvm/microvm-backend.js";
import { MicrovmSandbox } from "../src/sandbox/microvm/microvm-sandbox.host.js";
import { makeSandboxSpec, type SandboxSpec } from "../src/sandbox/sandbox-spec.js";
import type { SandboxBackend } from "../src/sandbox/sandbox.js";

const usage = "usage: bash bench/run microvm-boot [--iterations N (10)] [--warmup N (1)]\n";
const size = { cpus: 1, memoryMiB: 512, diskMiB: 1024, pids: 1024 };

function parseOptions(argv: readonly string[]): { iterations: number; warmup: number } {
  let iterations = 10;
  let warmup = 1;
  const flags = new FlagReader(argv);
  for (let flag = flags.next(); flag !== undefined; flag = flags.next()) {
    if (flag === "--iterations") iterations = flags.count(1);
    else if (flag === "--warmup") warmup = flags.count(0);
    else if (flag === "--help" || flag === "-h") {
      process.stdout.write(usage);
      process.exit(0);
    } else throw flags.unknown();
  }
  return { iterations, warmup };
}

interface Sample {
  readonly firstExecMs: number;
  readonly qemuRssMiB?: number;
  /** Resident pages of the guest's RAM mapping: memory the guest has touched. */
  readonly guestRamResidentMiB?: number;
  readonly guestUsedMiB?: number;
}

/**
 * QEMU's resident memory from /proc/<pid>/smaps: all of it, and that of the guest's RAM (the
 * one anonymous mapping of exactly the VM's memory size). The rest is QEMU's own overhead.
 */
function qemuMemory(pid: number, guestMiB: number): { totalMiB: number; guestRamMiB: number } {
  let totalKiB = 0;
  let guestKiB = 0;
  let inGuestRam = false;
  for (const line of readFileSync(`/proc/${String(pid)}/smaps`, "utf8").split("\n")) {
    const size = /^Size:\s+(\d+) kB/.exec(line);
    if (size?.[1] !== undefined) inGuestRam = Number(size[1]) === guestMiB * 1024;
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss?.[1] !== undefined) {
      totalKiB += Number(rss[1]);
      if (inGuestRam) guestKiB += Number(rss[1]);
    }
  }
  return { totalMiB: totalKiB / 1024, guestRamMiB: guestKiB / 1024 };
}

/** create(), exec `true` (timed together), then the memory view, then destroy(). */
async function once(backend: SandboxBackend, spec: SandboxSpec): Promise<Sample> {
  const started = performance.now();
  await using sandbox = await backend.create(spec);
  await sandbox.exec(["true"]);
  const firstExecMs = performance.now() - started;
  if (!(sandbox instanceof MicrovmSandbox)) return { firstExecMs };
  const vm = sandbox;
  const memory = qemuMemory(vm.qemuPid, spec.size.memoryMiB);
  let meminfo = "";
  await sandbox.exec(["cat", "/proc/meminfo"], {
    onOutput: (stream, chunk) => {
      if (stream === "stdout") meminfo += chunk.toString("utf8");
    },
  });
  const kib = (name: string): number =>
    Number(new RegExp(`^${name}:\\s*(\\d+)`, "m").exec(meminfo)?.[1] ?? Number.NaN);
  return {
    firstExecMs,
    qemuRssMiB: memory.totalMiB,
    guestRamResidentMiB: memory.guestRamMiB,
    guestUsedMiB: (kib("MemTotal") - kib("MemFree")) / 1024,
  };
}

function medianOf(values: readonly number[]): number {
  return summarize(values).medianMs;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const accel = await chooseAccel(await ensureGuestBootFiles(), true);
  const backends = {
    container: { backend: containerBackend(), spec: makeSandboxSpec({ size }) },
    microvm: {
      backend: microvmBackend({ allowTcg: true }),
      spec: makeSandboxSpec({ backend: "microvm", size }),
    },
  } as const;
  const samples: Record<keyof typeof backends, Sample[]> = { container: [], microvm: [] };
  for (let i = 0; i < options.warmup + options.iterations; i++) {
    for (const name of ["container", "microvm"] as const) {
      const { backend, spec } = backends[name];
      const sample = await once(backend, spec);
      if (i >= options.warmup) samples[name].push(sample);
      process.stderr.write(`${name} #${String(i)}: ${round(sample.firstExecMs, 1)} ms\n`);
    }
  }
  const vm = samples.microvm;
  const rss = vm.map((s) => s.qemuRssMiB ?? Number.NaN);
  const used = vm.map((s) => s.guestUsedMiB ?? Number.NaN);
  const guestRam = vm.map((s) => s.guestRamResidentMiB ?? Number.NaN);
  const overhead = vm.map(
    (s) => (s.qemuRssMiB ?? Number.NaN) - (s.guestRamResidentMiB ?? Number.NaN),
  );
  const container = summarize(samples.container.map((s) => s.firstExecMs));
  const microvm = summarize(vm.map((s) => s.firstExecMs));
  const overheadMiB = round(medianOf(overhead), 1);
  process.stdout.write(
    `${JSON.stringify(
      {
        benchmark: "microvm-boot",
        accel,
        note:
          accel === "tcg"
            ? "TCG (software emulation): KVM cannot boot a guest on this host; the KVM targets do not apply"
            : "KVM",
        host: { cpus: cpus().length, kernel: release() },
        size,
        iterations: options.iterations,
        createToFirstExec: { container, microvm },
        ratioMicrovmToContainer: round(microvm.medianMs / container.medianMs, 2),
        memory: {
          qemuRssMiB: round(medianOf(rss), 1),
          guestRamResidentMiB: round(medianOf(guestRam), 1),
          guestUsedMiB: round(medianOf(used), 1),
          overheadMiB,
          note:
            "overhead = QEMU's resident memory outside the guest's RAM mapping (smaps); the guest's " +
            "resident RAM includes pages it touched and freed again (kernel decompression, initramfs)",
        },
        targets: {
          firstExecUnder300Ms: accel === "kvm" ? microvm.medianMs < 300 : "n/a (TCG)",
          overheadUnder20MiB: accel === "kvm" ? overheadMiB < 20 : "n/a (TCG)",
        },
      },
      null,
      2,
    )}\n`,
  );
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n${usage}`);
    process.exit(64);
  }
  process.stderr.write(`bench: ${errorMessage(error)}\n`);
  process.exit(1);
});
