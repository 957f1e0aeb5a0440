/**
 * The container escape battery (docs/escape-battery.md, "Container probes").
 *
 * One static probe (probe/probe.c) attempts every escape with harmless arguments and prints
 * a JSON line per step. It runs in two sandboxes made by the production code path
 * (containerBackend().create):
 *  - hardened (fullHardening): every step must be blocked as container-battery.ts says;
 *  - the weak control (noHardening: real host root with every capability, no seccomp, no
 *    user or pid namespace, no masks, host /dev): every step must succeed, or at least reach
 *    the kernel. A probe that is refused there too is blind and proves nothing, so the weak
 *    half is asserted as strictly as the hardened half. The weak sandbox still has its own
 *    mount and network namespaces, and no probe writes anything to the host.
 * Around the whole run the host invariants (core_pattern, modprobe, hostname, modules, mount
 * table, clock, canary files, dmesg) are snapshotted and diffed, and after both sandboxes
 * are gone the image must not contain what the probe wrote into /usr/bin.
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stateDir } from "../../src/core/state-dir.js";
import { resolveImage } from "../../src/image/image-store.js";
import { containerBackend } from "../../src/sandbox/container/container-backend.js";
import {
  fullHardening,
  makeSandboxSpec,
  noHardening,
  type Hardening,
} from "../../src/sandbox/sandbox-spec.js";
import { buildProbe } from "../support/build-probe.host.js";
import { missingRootFeature, reportSkip } from "../support/host-features.js";
import {
  diffHostSnapshots,
  makeCanaries,
  snapshotHost,
  type HostSnapshot,
} from "../support/host-invariants.host.js";
import {
  containerBattery,
  type HostRequirement,
  type StepExpectation,
} from "./container-battery.js";
import { describeOutcome, matchesOutcome } from "./outcome.js";
import { findStep, formatLine } from "./probe-line.js";
import { runProbe, type ProbeRun } from "./run-probe.js";

const skip = missingRootFeature();
reportSkip("container escape battery", skip);

const probeSource = join(import.meta.dirname, "probe", "probe.c");
const size = { cpus: 1, memoryMiB: 256, diskMiB: 512, pids: 128 };

function hostMeets(requirement: HostRequirement | undefined): string | undefined {
  if (requirement === undefined) return undefined;
  if ("hostPath" in requirement) {
    return existsSync(requirement.hostPath)
      ? undefined
      : `this host has no ${requirement.hostPath}`;
  }
  const path = `/proc/sys/${requirement.sysctl}`;
  const value = existsSync(path) ? Number(readFileSync(path, "utf8").trim()) : 0;
  return value <= requirement.atMost ? undefined : `this host sets ${requirement.sysctl}=${value}`;
}

/** A sandbox run, or why it could not be made (the other half still reports). */
type Settled = ProbeRun | Error;

function settle(run: Promise<ProbeRun>): Promise<Settled> {
  return run.catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
}

/** The run; throws the creation error so every test of that half shows it. */
function ran(run: Settled | undefined): ProbeRun {
  if (run === undefined) throw new Error("the battery did not run");
  if (run instanceof Error) throw run;
  return run;
}

function verdict(e: StepExpectation, run: Settled | undefined, half: "hardened" | "weak"): string {
  if (run === undefined || run instanceof Error) return "(no run)";
  const line = findStep(run.lines, e.id, e.step);
  const outcome = half === "hardened" ? e.hardened : e.weak;
  if (typeof outcome === "string") return `${formatLine(line)} [n/a]`;
  if (half === "weak") {
    const unmet = hostMeets(e.weakRequires);
    if (unmet !== undefined) return `${formatLine(line)} [n/a: ${unmet}]`;
  }
  return `${formatLine(line)} [${matchesOutcome(outcome, line) ? "ok" : "FAIL"}]`;
}

describe.skipIf(skip !== undefined)("container escape battery", () => {
  const backend = containerBackend();
  let probeDir = "";
  let canaryDir = "";
  let sleeper: ChildProcess | undefined;
  let before: HostSnapshot | undefined;
  let after: HostSnapshot | undefined;
  let hardened: Settled | undefined;
  let weak: Settled | undefined;
  let probeWrites: string[] = [];

  const battery = (hardening: Hardening): Promise<ProbeRun> => {
    const spec = makeSandboxSpec({
      mounts: [{ source: probeDir, destination: "/probe", readonly: true }],
      hardening,
      size,
    });
    return runProbe(backend, spec, [`--host-pid=${sleeper?.pid ?? 0}`], { timeoutMs: 180_000 });
  };

  beforeAll(async () => {
    probeDir = await buildProbe(probeSource);
    canaryDir = await mkdtemp(join(tmpdir(), "airlock-canary-"));
    makeCanaries(canaryDir);
    // A host process the probe tries to see and ptrace (in the weak sandbox it succeeds).
    sleeper = spawn("sleep", ["900"], { stdio: "ignore" });
    before = snapshotHost({ stateDir: stateDir(), canaryDir });
    hardened = await settle(battery(fullHardening));
    weak = await settle(battery(noHardening));
    after = snapshotHost({ stateDir: stateDir(), canaryDir });
    const found = execFileSync("find", [stateDir(), "-name", "airlock-probe-write"], {
      encoding: "utf8",
    });
    probeWrites = found.split("\n").filter((l) => l !== "");
  });

  afterAll(async () => {
    sleeper?.kill("SIGKILL");
    const rows = containerBattery.map(
      (e) =>
        `${`${e.id}/${e.step}`.padEnd(46)} hardened: ${verdict(e, hardened, "hardened").padEnd(60)} weak: ${verdict(e, weak, "weak")}`,
    );
    const failed = (
      [
        ["hardened", hardened],
        ["weak", weak],
      ] as const
    ).flatMap(([half, run]) => (run instanceof Error ? [`${half} sandbox: ${run.message}`] : []));
    console.log(`container escape battery:\n${[...failed, ...rows].join("\n")}`);
    await Promise.all(
      [probeDir, canaryDir]
        .filter((d) => d !== "")
        .map((d) => rm(d, { recursive: true, force: true })),
    );
  });

  for (const [half, run] of [
    ["hardened", () => hardened],
    ["weak", () => weak],
  ] as const) {
    it(`${half}: the probe exits normally and prints only probe lines`, () => {
      const r = ran(run());
      expect(r.result, r.stderr).toEqual({ end: "exited", exitCode: 0 });
      expect(r.noise).toEqual([]);
      expect(r.lines.filter((l) => l.step === "*")).toEqual([]);
    });
  }

  it("every step the probe prints has an expectation", () => {
    const known = new Set(containerBattery.map((e) => `${e.id}/${e.step}`));
    const printed = [...ran(hardened).lines, ...ran(weak).lines].map((l) => `${l.id}/${l.step}`);
    expect([...new Set(printed.filter((s) => !known.has(s)))]).toEqual([]);
  });

  describe("hardened: blocked", () => {
    for (const e of containerBattery) {
      it(`${e.id}/${e.step}: ${describeOutcome(e.hardened)} (${e.layer})`, () => {
        const line = findStep(ran(hardened).lines, e.id, e.step);
        expect(matchesOutcome(e.hardened, line), `saw ${formatLine(line)}`).toBe(true);
      });
    }
  });

  describe("weak control: not blind", () => {
    for (const e of containerBattery) {
      const weakOutcome = e.weak;
      if (typeof weakOutcome === "string") continue;
      it(`${e.id}/${e.step}: ${describeOutcome(weakOutcome)}`, (ctx) => {
        const unmet = hostMeets(e.weakRequires);
        if (unmet !== undefined) {
          console.warn(`SKIP weak control ${e.id}/${e.step}: ${unmet}`);
          ctx.skip(unmet);
        }
        const line = findStep(ran(weak).lines, e.id, e.step);
        expect(matchesOutcome(weakOutcome, line), `saw ${formatLine(line)}`).toBe(true);
      });
    }
  });

  it("rootfs-write: the image never changes", async () => {
    const image = await resolveImage("default");
    expect(existsSync(join(image.rootfs, "usr", "bin", "airlock-probe-write"))).toBe(false);
    expect(probeWrites).toEqual([]);
  });

  it("host invariants are unchanged", () => {
    if (before === undefined || after === undefined) throw new Error("no host snapshot");
    expect(diffHostSnapshots(before, after)).toEqual([]);
  });
});
