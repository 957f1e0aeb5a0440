import { spawn } from "node:child_process";
import { AirlockError } from "../../core/airlock-error.js";
import { guestInitPrefix, parseGuestInitLine, type GuestInitLine } from "./guest-init-line.js";

export type GuestReady = Extract<GuestInitLine, { kind: "ready" }>;

export interface StartGuestOptions {
  /** From spawning until guest-init's `ready` line; past it QEMU is killed. */
  readonly deadlineMs: number;
  readonly signal?: AbortSignal;
  /** What the deadline message names (`kvm` or `tcg`). */
  readonly accel: string;
}

/** A QEMU process whose guest reported ready. */
export interface RunningGuest {
  readonly pid: number;
  readonly ready: GuestReady;
  /** Milliseconds from spawning QEMU to the ready line. */
  readonly msToReady: number;
  /** Settles once QEMU has exited and been reaped, whoever ended it. */
  readonly exited: Promise<void>;
  /** QEMU's exit status once it exited by itself (0: the guest powered off). */
  exitCode(): number | null;
  /** How QEMU ended, for messages: `running`, `exit N` or `signal SIGxxx`. */
  exitStatus(): string;
  /** The serial console and QEMU's stderr so far, at most the last 64 KiB. */
  console(): string;
  /** SIGKILLs QEMU by pid unless it has exited; settles once it is reaped. */
  kill(): Promise<void>;
}

const consoleLimit = 64 * 1024;

/**
 * Spawns `argv` (a QEMU command, possibly behind wrappers that exec it, so that the pid is
 * QEMU's) and waits for guest-init's ready line on its output. Rejects with
 * AIRLOCK_E_SANDBOX_CREATE_FAILED, carrying the console's tail, when guest-init reports a
 * failure, QEMU exits first, the deadline passes or `signal` aborts; and then only after
 * QEMU has been killed and reaped, so no process outlives a failed start.
 */
export async function startGuest(
  argv: readonly string[],
  options: StartGuestOptions,
): Promise<RunningGuest> {
  const [file, ...args] = argv;
  if (file === undefined) throw new AirlockError("AIRLOCK_E_INTERNAL", "empty QEMU argv");
  const started = performance.now();
  const child = spawn(file, args, { stdio: ["ignore", "pipe", "pipe"] });
  let consoleText = "";
  let pending = "";
  let ended = false;
  let line: GuestInitLine | undefined;
  let wake: () => void = () => undefined;
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
  const record = (chunk: Buffer): void => {
    const text = chunk.toString("utf8");
    consoleText = (consoleText + text).slice(-consoleLimit);
    pending += text;
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const each of lines) {
      if (line !== undefined || !each.includes(guestInitPrefix)) continue;
      line = parseGuestInitLine(each);
      if (line !== undefined) wake();
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
    const outcome = await new Promise<"line" | "exited" | "deadline" | "aborted">((resolve) => {
      wake = () => resolve("line");
      timer = setTimeout(() => resolve("deadline"), options.deadlineMs);
      onAbort = () => resolve("aborted");
      options.signal?.addEventListener("abort", onAbort, { once: true });
      if (options.signal?.aborted === true) resolve("aborted");
      void exited.then(() => resolve(line === undefined ? "exited" : "line"));
    });
    const ready = line?.kind === "ready" ? line : undefined;
    if (outcome === "line" && ready !== undefined && child.exitCode === null) {
      return {
        pid: child.pid ?? -1,
        ready,
        msToReady: Math.round(performance.now() - started),
        exited,
        exitCode: () => child.exitCode,
        exitStatus: () =>
          child.exitCode !== null
            ? `exit ${String(child.exitCode)}`
            : child.signalCode !== null
              ? `signal ${child.signalCode}`
              : "running",
        console: () => consoleText,
        kill,
      };
    }
    await kill();
    const why =
      line?.kind === "failed"
        ? `guest-init failed: ${line.reason}`
        : outcome === "deadline"
          ? `the guest was not ready within ${options.deadlineMs} ms (${options.accel})`
          : outcome === "aborted"
            ? "aborted"
            : `QEMU exited (${child.exitCode ?? child.signalCode ?? "?"}) before the guest was ready`;
    throw new AirlockError(
      "AIRLOCK_E_SANDBOX_CREATE_FAILED",
      `booting the microVM guest failed: ${why}\n--- console (tail) ---\n${consoleText.slice(-4000)}`,
    );
  } catch (error: unknown) {
    await kill();
    throw error;
  } finally {
    clearTimeout(timer);
    if (onAbort !== undefined) options.signal?.removeEventListener("abort", onAbort);
  }
}
