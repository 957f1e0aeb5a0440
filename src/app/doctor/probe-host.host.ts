import { storedGuestBootFiles } from "../../image/guest/ensure-guest-boot-files.host.js";
import { kvmProbe } from "../../sandbox/microvm/choose-accel.host.js";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { release } from "node:os";
import { buildChecks } from "./build-checks.js";
import { findProgram } from "./find-program.host.js";
import type { HostFacts, HostReport, ProbeOutcome, RuntimeFact, ToolFact } from "./host-report.js";
import { notProbedAsUser, staticLibcPath } from "./host-report.js";
import { probeCgroup } from "./probe-cgroup.host.js";
import { probeGuest } from "./probe-guest.host.js";
import { probeRuntime } from "./probe-runtime.host.js";
import { probeTool } from "./probe-tool.host.js";
import { tryCommand } from "./try-command.host.js";

const quickTimeoutMs = 10_000;
const needsRoot: ProbeOutcome = { kind: "skipped", reason: notProbedAsUser };

/**
 * Checks what this host offers airlock, by trying things rather than reading versions where
 * trying is cheap: it creates namespaces, starts a container with each runtime and boots a
 * tiny guest under KVM and TCG. Takes a few seconds (the probes run concurrently).
 */
export async function probeHost(): Promise<HostReport> {
  const facts = await probeFacts();
  return { facts, checks: buildChecks(facts) };
}

async function probeFacts(): Promise<HostFacts> {
  const euid = process.geteuid?.() ?? -1;
  const isRoot = euid === 0;
  const unshare = findProgram("unshare");
  const kvmDevice = existsSync("/dev/kvm");
  // Every probe runs concurrently; the guest boots dominate (up to the deadline each).
  const [
    os,
    maxUserNamespaces,
    filesystems,
    cgroup,
    runc,
    crun,
    nft,
    mmdebstrap,
    gcc,
    mkfsExt4,
    depmod,
    git,
    zstd,
  ] = await Promise.all([
    readOsRelease(),
    readNumber("/proc/sys/user/max_user_namespaces"),
    readFile("/proc/filesystems", "utf8").catch(() => ""),
    probeCgroup(),
    probeRuntimeFact("runc"),
    probeRuntimeFact("crun"),
    probeTool("nft").then(async (tool) => ({
      ...tool,
      listTables: await listTables(tool, isRoot),
    })),
    probeTool("mmdebstrap"),
    probeTool("gcc"),
    probeTool("mkfs.ext4", ["-V"]),
    probeTool("depmod", ["--version"]),
    probeTool("git"),
    probeTool("zstd"),
  ]);
  const [userns, netns, [qemu, kvmBoot, tcgBoot], microvmAccel] = await Promise.all([
    unshare === undefined
      ? notInstalled("unshare")
      : tryCommand([unshare, "--user", "--map-root-user", "true"], { timeoutMs: quickTimeoutMs }),
    unshare === undefined
      ? notInstalled("unshare")
      : // Without root, a network namespace can still be made inside a user namespace.
        tryCommand(
          isRoot
            ? [unshare, "--net", "true"]
            : [unshare, "--user", "--map-root-user", "--net", "true"],
          { timeoutMs: quickTimeoutMs },
        ),
    probeQemu(kvmDevice),
    isRoot ? probeMicrovmAccel() : Promise.resolve(undefined),
  ]);
  return {
    euid,
    ...os,
    kernelRelease: release(),
    ...(maxUserNamespaces === undefined ? {} : { maxUserNamespaces }),
    userns,
    netns,
    cgroup,
    runtimes: { runc, crun },
    nft,
    mmdebstrap,
    gcc,
    staticLibc: existsSync(staticLibcPath),
    overlayFs: /\soverlay$/m.test(filesystems),
    loopControl: existsSync("/dev/loop-control"),
    mkfsExt4,
    git,
    zstd,
    qemu,
    depmod,
    kvmDevice,
    kvmBoot,
    tcgBoot,
    ...(microvmAccel === undefined ? {} : { microvmAccel }),
  };
}

/** The backend's KVM decision for the newest stored guest; undefined without one. */
async function probeMicrovmAccel(): Promise<HostFacts["microvmAccel"]> {
  const files = await storedGuestBootFiles();
  if (files === undefined) return undefined;
  const probe = await kvmProbe(files);
  return { kvm: probe.boots, why: probe.why };
}

async function listTables(nft: ToolFact, isRoot: boolean): Promise<ProbeOutcome> {
  if (nft.path === undefined) return notInstalled("nft");
  if (!isRoot) return needsRoot;
  return tryCommand([nft.path, "list", "tables"], { timeoutMs: quickTimeoutMs });
}

/** QEMU's version, then the same test guest booted under KVM and under TCG, side by side. */
async function probeQemu(kvmDevice: boolean): Promise<[ToolFact, ProbeOutcome, ProbeOutcome]> {
  const qemu = await probeTool("qemu-system-x86_64");
  if (qemu.path === undefined) {
    return [qemu, notInstalled("qemu-system-x86_64"), notInstalled("qemu-system-x86_64")];
  }
  const [kvmBoot, tcgBoot] = await Promise.all([
    kvmDevice
      ? probeGuest(qemu.path, "kvm")
      : Promise.resolve<ProbeOutcome>({ kind: "skipped", reason: "no /dev/kvm" }),
    probeGuest(qemu.path, "tcg"),
  ]);
  return [qemu, kvmBoot, tcgBoot];
}

async function probeRuntimeFact(name: "runc" | "crun"): Promise<RuntimeFact> {
  const tool: ToolFact = await probeTool(name);
  if (tool.path === undefined)
    return { ...tool, probe: { kind: "skipped", reason: "not installed" } };
  return { ...tool, probe: await probeRuntime(tool.path) };
}

function notInstalled(name: string): ProbeOutcome {
  return { kind: "skipped", reason: `${name} is not installed` };
}

async function readOsRelease(): Promise<{ osPrettyName?: string; osId?: string }> {
  const text = await readFile("/etc/os-release", "utf8").catch(() => "");
  const value = (key: string): string | undefined => {
    const match = new RegExp(`^${key}=(.*)$`, "m").exec(text);
    return match?.[1]?.replace(/^"(.*)"$/, "$1");
  };
  const [osPrettyName, osId] = [value("PRETTY_NAME"), value("ID")];
  return {
    ...(osPrettyName === undefined ? {} : { osPrettyName }),
    ...(osId === undefined ? {} : { osId }),
  };
}

async function readNumber(path: string): Promise<number | undefined> {
  const text = await readFile(path, "utf8").catch(() => undefined);
  const value = text === undefined ? NaN : Number(text.trim());
  return Number.isFinite(value) ? value : undefined;
}
