import { AirlockError } from "../../core/airlock-error.js";
import { readFile } from "node:fs/promises";
import { tscKhzFromCpuinfo } from "./host-tsc-khz.js";
import { qemuCommand, type QemuBootSpec } from "./qemu-command.js";
import { AgentChannel } from "../container/agent-channel.js";
import { listenForAgent, type AgentListener } from "./agent-listener.js";
import { startGuest, type RunningGuest } from "./start-guest.host.js";

export interface BootGuestOptions {
  /** From QEMU's start until guest-init's `ready` line; past it QEMU is killed. */
  readonly deadlineMs: number;
  /** After `ready`, how long the guest may take to power off before QEMU is killed. */
  readonly powerOffGraceMs?: number;
  readonly signal?: AbortSignal;
  /**
   * Needs `spec.agentSocket`. Called after the ready line with the channel to the guest's
   * agent (docs/agent-protocol.md over the `airlock.agent` port); when it settles the
   * channel is closed, the guest powers off, and bootGuest settles as it would have (it
   * rejects with this callback's error, if any). No deadline applies while it runs;
   * `signal` aborting kills QEMU, which fails the channel's pending commands.
   */
  readonly onAgent?: (agent: AgentChannel) => Promise<void>;
}

export interface GuestBootResult {
  /** The guest's `uname -r`, from guest-init's ready line. */
  readonly kernelRelease: string;
  readonly modulesLoaded: number;
  readonly modulesListed: number;
  readonly virtioDevices: number;
  readonly virtioPorts: number;
  /** Milliseconds from spawning QEMU to the ready line. */
  readonly msToReady: number;
  /** Whether QEMU ended by itself (the guest powered off) rather than being killed. */
  readonly poweredOff: boolean;
  readonly qemuPid: number;
  /** The serial console (and QEMU's stderr), at most its last 64 KiB. */
  readonly console: string;
}

/**
 * Boots one guest with QEMU (argv from qemuCommand) and waits for guest-init's ready line on
 * the serial console. Resolves once the line is seen and QEMU has ended; rejects with
 * AIRLOCK_E_SANDBOX_CREATE_FAILED (carrying the console's tail) when guest-init reports a
 * failure, QEMU exits first, the deadline passes or `signal` aborts.
 * Under TCG the host's TSC rate is passed to the guest (see QemuBootSpec.tscKhz) unless
 * the spec already gives one.
 * Guarantee: whatever happens, QEMU is SIGKILLed by pid unless it already exited, and this
 * returns only after it has been reaped, so no QEMU process outlives the call.
 * With `spec.agentSocket`, bootGuest listens on that path before QEMU starts (QEMU
 * connects to it) and removes it before returning; the guest serves commands there until
 * the channel closes (see `onAgent`), then powers off. Without `onAgent` the channel is
 * closed right after the ready line.
 */
export async function bootGuest(
  spec: QemuBootSpec,
  options: BootGuestOptions,
): Promise<GuestBootResult> {
  const argv = qemuCommand(await withHostTsc(spec));
  if (options.onAgent !== undefined && spec.agentSocket === undefined)
    throw new AirlockError("AIRLOCK_E_INTERNAL", "onAgent needs spec.agentSocket");
  const listener =
    spec.agentSocket === undefined ? undefined : await listenForAgent(spec.agentSocket);
  try {
    const guest = await startGuest(argv, {
      deadlineMs: options.deadlineMs,
      accel: spec.accel,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    try {
      if (listener !== undefined) await useAgent(listener, guest, options);
      let graceTimer: NodeJS.Timeout | undefined;
      const poweredOff = await Promise.race([
        guest.exited.then(() => guest.exitCode() === 0),
        new Promise<false>((resolve) => {
          graceTimer = setTimeout(() => resolve(false), options.powerOffGraceMs ?? 5_000);
        }),
      ]);
      clearTimeout(graceTimer);
      await guest.kill();
      const { ready } = guest;
      return {
        kernelRelease: ready.kernelRelease,
        modulesLoaded: ready.modulesLoaded,
        modulesListed: ready.modulesListed,
        virtioDevices: ready.virtioDevices,
        virtioPorts: ready.virtioPorts,
        msToReady: guest.msToReady,
        poweredOff,
        qemuPid: guest.pid,
        console: guest.console(),
      };
    } finally {
      await guest.kill();
    }
  } finally {
    await listener?.close();
  }
}

/** Runs options.onAgent on the accepted connection, then closes it. */
async function useAgent(
  listener: AgentListener,
  guest: RunningGuest,
  options: BootGuestOptions,
): Promise<void> {
  const socket = await Promise.race([listener.connection, guest.exited.then(() => undefined)]);
  if (socket === undefined || options.onAgent === undefined) {
    socket?.destroy();
    return;
  }
  const agent = new AgentChannel(socket);
  const onAbort = (): void => void guest.kill();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    if (options.signal?.aborted === true) await guest.kill();
    await options.onAgent(agent);
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
    agent.close();
  }
}

/** The spec with the host's TSC rate under TCG (see QemuBootSpec.tscKhz). */
export async function withHostTsc(spec: QemuBootSpec): Promise<QemuBootSpec> {
  if (spec.accel !== "tcg" || spec.tscKhz !== undefined) return spec;
  const tscKhz = tscKhzFromCpuinfo(await readFile("/proc/cpuinfo", "utf8").catch(() => ""));
  return tscKhz === undefined ? spec : { ...spec, tscKhz };
}
