import { spawn } from "node:child_process";
import { AirlockError } from "../../core/airlock-error.js";
import { readFile } from "node:fs/promises";
import { tscKhzFromCpuinfo } from "./host-tsc-khz.js";
import { guestInitPrefix, parseGuestInitLine } from "./guest-init-line.js";
import { qemuCommand, type QemuBootSpec } from "./qemu-command.js";
import { AgentChannel } from "../container/agent-channel.js";
import { listenForAgent, type AgentListener } from "./agent-listener.js";

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

const consoleLimit = 64 * 1024;

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
  const [file, ...args] = qemuCommand(await withHostTsc(spec));
  if (file === undefined) throw new AirlockError("AIRLOCK_E_INTERNAL", "empty QEMU argv");
  if (options.onAgent !== undefined && spec.agentSocket === undefined)
    throw new AirlockError("AIRLOCK_E_INTERNAL", "onAgent needs spec.agentSocket");
  const listener =
    spec.agentSocket === undefined ? undefined : await listenForAgent(spec.agentSocket);
  try {
    return await runQemu(file, args, spec, options, listener);
  } finally {
    await listener?.close();
  }
}

async function runQemu(
  file: string,
  args: readonly string[],
  spec: QemuBootSpec,
  options: BootGuestOptions,
  listener: AgentListener | undefined,
): Promise<GuestBootResult> {
  const started = performance.now();
  const child = spawn(file, args, { stdio: ["ignore", "pipe", "pipe"] });
  let consoleText = "";
  let pending = "";
  let ready: GuestBootResult | undefined;
  let problem: string | undefined;
  let ended = false;
  // Settles once QEMU is reaped and its output read, or could not be started at all.
  const exited = new Promise<void>((resolve) => {
    const done = (): void => {
      ended = true;
      resolve();
    };
    child.on("close", done);
    child.on("error", done);
  });
  const spawned = new Promise<void>((resolve, reject) => {
    child.on("spawn", () => resolve());
    child.on("error", (e: NodeJS.ErrnoException) => {
      reject(
        e.code === "ENOENT"
          ? new AirlockError("AIRLOCK_E_HOST_MISSING", `${file} is not installed`, {
              fix: "run `airlock doctor --fix` (installs qemu-system-x86)",
              cause: e,
            })
          : e,
      );
    });
  });

  let wake: () => void = () => undefined;
  const record = (chunk: Buffer): void => {
    const text = chunk.toString("utf8");
    consoleText = (consoleText + text).slice(-consoleLimit);
    pending += text;
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      if (!line.includes(guestInitPrefix)) continue;
      const parsed = parseGuestInitLine(line);
      if (parsed?.kind === "ready" && ready === undefined) {
        ready = {
          kernelRelease: parsed.kernelRelease,
          modulesLoaded: parsed.modulesLoaded,
          modulesListed: parsed.modulesListed,
          virtioDevices: parsed.virtioDevices,
          virtioPorts: parsed.virtioPorts,
          msToReady: Math.round(performance.now() - started),
          poweredOff: false,
          qemuPid: child.pid ?? -1,
          console: "",
        };
        wake();
      } else if (parsed?.kind === "failed") {
        problem = `guest-init failed: ${parsed.reason}`;
        wake();
      }
    }
  };
  child.stdout.on("data", record);
  child.stderr.on("data", record);

  const kill = async (): Promise<void> => {
    if (!ended && child.pid !== undefined) {
      try {
        process.kill(child.pid, "SIGKILL");
      } catch (error: unknown) {
        if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
      }
    }
    await exited;
  };

  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  try {
    await spawned;
    const outcome = await new Promise<"ready" | "failed" | "exited" | "deadline" | "aborted">(
      (resolve) => {
        wake = () => resolve(ready !== undefined ? "ready" : "failed");
        timer = setTimeout(() => resolve("deadline"), options.deadlineMs);
        onAbort = () => resolve("aborted");
        options.signal?.addEventListener("abort", onAbort, { once: true });
        if (options.signal?.aborted === true) resolve("aborted");
        void exited.then(() => resolve(ready !== undefined ? "ready" : "exited"));
      },
    );
    if (outcome === "ready" && ready !== undefined) {
      if (listener !== undefined) await useAgent(listener, exited, options, kill);
      let graceTimer: NodeJS.Timeout | undefined;
      const poweredOff = await Promise.race([
        exited.then(() => child.exitCode === 0),
        new Promise<false>((resolve) => {
          graceTimer = setTimeout(() => resolve(false), options.powerOffGraceMs ?? 5_000);
        }),
      ]);
      clearTimeout(graceTimer);
      await kill();
      return { ...ready, poweredOff, console: consoleText };
    }
    await kill();
    const why =
      outcome === "failed"
        ? (problem ?? "guest-init failed")
        : outcome === "exited"
          ? `QEMU exited (${child.exitCode ?? child.signalCode ?? "?"}) before the guest was ready`
          : outcome === "deadline"
            ? `the guest was not ready within ${options.deadlineMs} ms (${spec.accel})`
            : "aborted";
    throw new AirlockError(
      "AIRLOCK_E_SANDBOX_CREATE_FAILED",
      `booting the microVM guest failed: ${why}\n--- console (tail) ---\n${consoleText.slice(-4000)}`,
    );
  } finally {
    clearTimeout(timer);
    if (onAbort !== undefined) options.signal?.removeEventListener("abort", onAbort);
    await kill();
  }
}

/** Runs options.onAgent on the accepted connection, then closes it. */
async function useAgent(
  listener: AgentListener,
  exited: Promise<void>,
  options: BootGuestOptions,
  kill: () => Promise<void>,
): Promise<void> {
  const socket = await Promise.race([listener.connection, exited.then(() => undefined)]);
  if (socket === undefined || options.onAgent === undefined) {
    socket?.destroy();
    return;
  }
  const agent = new AgentChannel(socket);
  const onAbort = (): void => void kill();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    if (options.signal?.aborted === true) await kill();
    await options.onAgent(agent);
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
    agent.close();
  }
}

async function withHostTsc(spec: QemuBootSpec): Promise<QemuBootSpec> {
  if (spec.accel !== "tcg" || spec.tscKhz !== undefined) return spec;
  const tscKhz = tscKhzFromCpuinfo(await readFile("/proc/cpuinfo", "utf8").catch(() => ""));
  return tscKhz === undefined ? spec : { ...spec, tscKhz };
}
