import { existsSync } from "node:fs";
import { chown, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { AirlockError } from "../../core/airlock-error.js";
import { newId } from "../../core/ids.js";
import { nativeBinary } from "../../core/native-binary.host.js";
import { ensureGuestBootFiles } from "../../image/guest/ensure-guest-boot-files.host.js";
import { ensureRootDisk } from "../../image/ensure-root-disk.host.js";
import { resolveImage } from "../../image/image-store.js";
import { AgentChannel } from "../container/agent-channel.js";
import { containerPaths, idRangeSlotsDir, sandboxesDir } from "../container/container-paths.js";
import { sweepingBackend } from "../container/sweeping-backend.js";
import { writeRecord } from "../container/sandbox-record.js";
import { teardownContainer } from "../container/teardown.host.js";
import { claimIdRange } from "../container/uid-range.host.js";
import {
  claimAddressing,
  sandboxLinkOptions,
  type ContainerBackendOptions,
} from "../container/container-backend.js";
import { connectSandbox } from "../network/sandbox-link.host.js";
import { vmTapName } from "../network/tap-wire.js";
import { runCommand } from "../../core/run-command.host.js";
import { currentOwner } from "../owner.host.js";
import type { SandboxSpec } from "../sandbox-spec.js";
import type { ProbeResult, Sandbox, SandboxBackend } from "../sandbox.js";
import { withinImageLimit } from "../within-image-limit.js";
import { listenForAgent } from "./agent-listener.js";
import { withHostTsc } from "./boot-guest.host.js";
import { chooseAccel } from "./choose-accel.host.js";
import { kvmGroups } from "./kvm-groups.host.js";
import { MicrovmSandbox } from "./microvm-sandbox.host.js";
import { qemuCommand } from "./qemu-command.js";
import { qemuLaunchArgv } from "./qemu-launch.js";
import { startGuest } from "./start-guest.host.js";
import { makeUpperDisk } from "./upper-disk.host.js";
import { makeVmCgroup } from "./vm-cgroup.host.js";

/** Where QEMU finds the tap open-fds hands it (the disks follow at 4 to 7). */
const tapFd = 3;

export interface MicrovmBackendOptions extends ContainerBackendOptions {
  /**
   * Run under TCG (QEMU's software emulation) where KVM cannot boot a guest. Off by default:
   * without KVM the backend refuses. Tests on hosts whose nested KVM hangs turn it on.
   */
  readonly allowTcg?: boolean;
  /** Hears what the user must be told (each TCG sandbox is announced as slow). */
  readonly onWarning?: (message: string) => void;
}

/**
 * The microVM backend: each sandbox is a QEMU `microvm` guest booted from Debian's cloud
 * kernel and airlock's initramfs, with the image as a shared read-only disk under a per-job
 * writable disk of `diskMiB`. QEMU runs as the sandbox's own unprivileged host uid, with
 * no_new_privs and its seccomp sandbox, in the sandbox's cgroup and its own netns, whose only
 * devices are a tap for the guest's NIC and the veth to the host, wired together, so the
 * guest meets exactly the nftables policy a container would. It shares the container
 * backend's record, slots, teardown and orphan sweep (a VM's resources are a subset).
 */
export function microvmBackend(options: MicrovmBackendOptions = {}): SandboxBackend {
  return sweepingBackend("microvm", probe, (spec) => createMicrovm(spec, options));
}

function probe(): Promise<ProbeResult> {
  if (process.getuid?.() !== 0)
    return Promise.resolve({ usable: false, reason: "the microVM backend needs root" });
  const path = (process.env["PATH"] ?? "").split(":");
  if (!path.some((dir) => existsSync(join(dir, "qemu-system-x86_64")))) {
    return Promise.resolve({
      usable: false,
      reason: "qemu-system-x86_64 is not installed: run `airlock doctor --fix`",
    });
  }
  return Promise.resolve({ usable: true });
}

async function createMicrovm(
  requested: SandboxSpec,
  options: MicrovmBackendOptions,
): Promise<Sandbox> {
  const usable = await probe();
  if (!usable.usable) {
    throw new AirlockError("AIRLOCK_E_HOST_MISSING", usable.reason ?? "microVM backend unusable", {
      fix: "run `airlock doctor` to see what this host lacks",
    });
  }
  if (requested.mounts.length > 0) {
    throw new AirlockError(
      "AIRLOCK_E_USAGE",
      `the microVM backend shares no host directory with its guest (asked: ${requested.mounts.map((m) => m.source).join(", ")})`,
      { fix: "copy files in with copyIn (as the executor does), or use the container backend" },
    );
  }
  const image = await resolveImage(requested.image);
  const spec = withinImageLimit(requested, image);
  const files = await ensureGuestBootFiles();
  const accel = await chooseAccel(files, options.allowTcg === true);
  if (accel === "tcg") {
    options.onWarning?.(
      "microVM under TCG: KVM cannot boot a guest on this host, so QEMU emulates the CPU " +
        "in software; expect jobs to run 10-50x slower than under KVM",
    );
  }
  const baseDisk = await ensureRootDisk(image);
  const id = newId();
  const paths = containerPaths(id);
  await mkdir(sandboxesDir(), { recursive: true, mode: 0o711 });
  await mkdir(paths.dir, { mode: 0o711 });
  let slot: number | undefined;
  let networkSlot: number | undefined;
  try {
    const range = claimIdRange(idRangeSlotsDir(), id);
    slot = range.slot;
    const uid = range.hostIdBase;
    const addressing =
      spec.network.kind === "none" ? undefined : claimAddressing(id, options.addressPool);
    networkSlot = addressing?.slot;
    await writeRecord(paths.dir, {
      id,
      backend: "microvm",
      imageId: image.id,
      owner: currentOwner(),
      slot: range.slot,
      hostIdBase: uid,
      containerId: `vm-${id}`,
      ...(networkSlot === undefined ? {} : { networkSlot }),
      createdAt: new Date().toISOString(),
    });
    // QEMU's own netns, also without a network: a subverted QEMU then reaches nothing.
    await makeNetns(paths.netns);
    const link =
      spec.network.kind === "none" || addressing === undefined
        ? undefined
        : await connectSandbox(sandboxLinkOptions(id, spec.network, addressing, options), {
            kind: "vm",
            netns: paths.netns,
            tapOwner: uid,
          });
    const upperDisk = join(paths.dir, "upper.ext4");
    await makeUpperDisk(upperDisk, spec.size.diskMiB, uid);
    const agentSocket = join(paths.dir, "agent.sock");
    const listener = await listenForAgent(agentSocket);
    try {
      await chown(agentSocket, uid, uid);
      // Handed to QEMU open (a pulled image's disk sits in a root-only directory).
      // The writable disk also read-only (fd 7): QEMU opens it both ways.
      const disks = [
        { path: baseDisk, serial: "airlock-base", readonly: true, fds: [4] },
        { path: upperDisk, serial: "airlock-upper", readonly: false, fds: [5, 7] },
        { path: files.modules, serial: "airlock-modules", readonly: true, fds: [6] },
      ] as const;
      const qemu = qemuCommand(
        await withHostTsc({
          kernel: files.kernel,
          initramfs: files.initramfs,
          accel,
          cpus: spec.size.cpus,
          memoryMiB: spec.size.memoryMiB,
          agentSocket,
          hostname: spec.hostname,
          ...(addressing === undefined
            ? {}
            : {
                network: {
                  tapFd,
                  mac: addressing.sandboxMac,
                  address: addressing.ipv4.sandbox,
                  netmask: "255.255.255.252",
                  gateway: addressing.ipv4.gateway,
                  ...(addressing.ipv6 === null
                    ? {}
                    : {
                        ipv6: {
                          address: addressing.ipv6.sandbox,
                          prefixLength: addressing.ipv6.prefixLength,
                          gateway: addressing.ipv6.gateway,
                        },
                      }),
                },
              }),
          disks,
        }),
      );
      const argv = qemuLaunchArgv(
        {
          cgroupProcs: makeVmCgroup(paths.cgroupsPath, spec.size),
          netns: paths.netns,
          handOver: {
            opener: await nativeBinary("open-fds"),
            fds: [
              ...disks.flatMap(({ path, readonly, fds }) =>
                fds.map((fd, i) => ({
                  kind: readonly || i > 0 ? ("ro" as const) : ("rw" as const),
                  path,
                  fd,
                })),
              ),
              ...(addressing === undefined
                ? []
                : [{ kind: "tap" as const, name: vmTapName, fd: tapFd }]),
            ],
          },
          uid,
          groups: accel === "kvm" ? await kvmGroups() : [],
        },
        qemu,
      );
      const guest = await startGuest(argv, {
        deadlineMs: accel === "kvm" ? 20_000 : 90_000,
        accel,
      });
      const socket = await Promise.race([listener.connection, guest.exited.then(() => undefined)]);
      if (socket === undefined) {
        throw new AirlockError(
          "AIRLOCK_E_SANDBOX_CREATE_FAILED",
          `QEMU exited before its agent channel connected\n${guest.console().slice(-2000)}`,
        );
      }
      return new MicrovmSandbox(id, spec, {
        agent: new AgentChannel(socket),
        guest,
        listener,
        link,
        slots: { slot: range.slot, networkSlot },
      });
    } catch (error: unknown) {
      await listener.close();
      await link?.close().catch(() => undefined);
      throw error;
    }
  } catch (error: unknown) {
    const report = await teardownContainer(id, { slot, networkSlot });
    if (error instanceof AirlockError) throw error;
    throw new AirlockError(
      "AIRLOCK_E_SANDBOX_CREATE_FAILED",
      `creating microVM ${id} failed: ${error instanceof Error ? error.message : String(error)}` +
        (report.leftovers.length > 0 ? `; left behind: ${report.leftovers.join(", ")}` : ""),
      { cause: error },
    );
  }
}

async function makeNetns(name: string): Promise<void> {
  const made = await runCommand(["ip", "netns", "add", name]);
  if (made.exitCode !== 0) {
    throw new AirlockError(
      "AIRLOCK_E_SANDBOX_CREATE_FAILED",
      `making the microVM's network namespace ${name} failed: ${made.stderr.trim()}`,
      { fix: "run `airlock doctor` (network namespaces must be usable)" },
    );
  }
}
