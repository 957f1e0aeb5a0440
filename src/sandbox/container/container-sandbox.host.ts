import { spawn } from "node:child_process";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { constants } from "node:os";
import { basename, dirname, join } from "node:path";
import { Readable } from "node:stream";
import { AirlockError } from "../../core/airlock-error.js";
import type { SandboxSpec } from "../sandbox-spec.js";
import type { CleanupReport, ExecOptions, ExecResult, Sandbox } from "../sandbox.js";
import { cgroupPids, oomKillCount } from "./container-cgroup.host.js";
import type { ContainerPaths } from "./container-paths.js";
import { buildExecProcess, type ContainerLayout } from "./oci-spec.js";
import { runtimeBinary } from "./runc.host.js";
import { teardownContainer } from "./teardown.host.js";

/** How long stdout/stderr may stay open after the exec'd process exits (background children). */
const streamGraceMs = 250;

/**
 * A running container sandbox: `sandbox-init` is PID 1, every command joins it through
 * `runc exec` with the process spec built by oci-spec.ts, so each exec carries the same
 * user, capabilities, seccomp and noNewPrivileges as the container itself.
 */
export class ContainerSandbox implements Sandbox {
  readonly #paths: ContainerPaths;
  readonly #layout: ContainerLayout;
  readonly #initPid: number;
  readonly #slot: number;
  #execCount = 0;
  #destroyed: Promise<CleanupReport> | undefined;

  constructor(
    readonly id: string,
    readonly spec: SandboxSpec,
    paths: ContainerPaths,
    layout: ContainerLayout,
    initPid: number,
    slot: number,
  ) {
    this.#paths = paths;
    this.#layout = layout;
    this.#initPid = initPid;
    this.#slot = slot;
  }

  async exec(argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    if (this.#destroyed !== undefined) {
      throw new AirlockError("AIRLOCK_E_SANDBOX_DESTROYED", `sandbox ${this.id} is destroyed`);
    }
    if (argv.length === 0) throw new AirlockError("AIRLOCK_E_USAGE", "no command to run");
    const processFile = join(this.#paths.dir, `exec-${++this.#execCount}.json`);
    const process = buildExecProcess(this.spec, this.#layout, {
      argv,
      env: options.env ?? {},
      cwd: options.cwd ?? "/",
    });
    await writeFile(processFile, JSON.stringify(process), { mode: 0o600 });
    const oomBefore = oomKillCount(this.#paths.cgroupsPath);
    try {
      const { exitCode, stopped } = await this.#runExec(processFile, options);
      if (stopped !== undefined) return { end: stopped, exitCode };
      if (exitCode === 137 && oomKillCount(this.#paths.cgroupsPath) > oomBefore) {
        return { end: "oom", exitCode };
      }
      return { end: exitCode > 128 ? "signaled" : "exited", exitCode };
    } finally {
      await rm(processFile, { force: true });
    }
  }

  #runExec(
    processFile: string,
    options: ExecOptions,
  ): Promise<{ exitCode: number; stopped: "timeout" | "aborted" | undefined }> {
    return new Promise((resolve, reject) => {
      const child = spawn(
        runtimeBinary,
        ["exec", "--process", processFile, this.#paths.containerId],
        { stdio: ["pipe", "pipe", "pipe"] },
      );
      let stopped: "timeout" | "aborted" | undefined;
      const stop = (why: "timeout" | "aborted"): void => {
        stopped ??= why;
        this.#killExecs();
      };
      const timer =
        options.timeoutMs === undefined
          ? undefined
          : setTimeout(() => stop("timeout"), options.timeoutMs);
      const onAbort = (): void => stop("aborted");
      options.signal?.addEventListener("abort", onAbort, { once: true });
      if (options.signal?.aborted === true) onAbort();
      const forward = (stream: "stdout" | "stderr") => (chunk: Buffer) =>
        options.onOutput?.(stream, chunk);
      child.stdout.on("data", forward("stdout"));
      child.stderr.on("data", forward("stderr"));
      child.stdin.on("error", () => undefined);
      if (options.stdin === undefined) child.stdin.end();
      else if (typeof options.stdin === "string") child.stdin.end(options.stdin);
      else options.stdin.pipe(child.stdin);
      child.on("error", (e) => {
        clearTimeout(timer);
        reject(
          new AirlockError("AIRLOCK_E_SANDBOX_EXEC_FAILED", `runc exec: ${e.message}`, {
            cause: e,
          }),
        );
      });
      child.on("exit", (code, signal) => {
        clearTimeout(timer);
        options.signal?.removeEventListener("abort", onAbort);
        const exitCode = code ?? 128 + (signal === null ? 0 : signalNumber(signal));
        // Output still buffered in the pipes is delivered; a background child that keeps
        // the pipes open does not hold the exec beyond the grace period.
        const finish = (): void => resolve({ exitCode, stopped });
        if (child.stdout.readableEnded && child.stderr.readableEnded) finish();
        else {
          const grace = setTimeout(() => {
            child.stdout.destroy();
            child.stderr.destroy();
            finish();
          }, streamGraceMs);
          let open = 2;
          const closed = (): void => {
            if (--open === 0) {
              clearTimeout(grace);
              finish();
            }
          };
          child.stdout.once("end", closed);
          child.stderr.once("end", closed);
        }
      });
    });
  }

  /** Kills every process in the sandbox except its init: what "stop this command" means. */
  #killExecs(): void {
    for (const pid of cgroupPids(this.#paths.cgroupsPath)) {
      if (pid === this.#initPid) continue;
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        /* already gone */
      }
    }
  }

  async copyIn(hostPath: string, sandboxPath: string): Promise<void> {
    const tar = spawn("tar", ["-C", dirname(hostPath), "-cf", "-", basename(hostPath)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const result = await this.exec(
      ["sh", "-c", 'mkdir -p "$1" && tar -xf - -C "$1"', "sh", sandboxPath],
      {
        stdin: tar.stdout,
      },
    );
    if (result.exitCode !== 0) {
      throw new AirlockError(
        "AIRLOCK_E_SANDBOX_EXEC_FAILED",
        `copying ${hostPath} into ${sandboxPath} failed`,
      );
    }
  }

  async copyOut(sandboxPath: string, hostDir: string): Promise<void> {
    await mkdir(hostDir, { recursive: true });
    // Host-side GNU tar extracts as a plain archive: no owners, no modes beyond umask, no
    // absolute or `..` members, and symlinks are delayed so nothing is written through them.
    const tar = spawn(
      "tar",
      ["-C", hostDir, "-xf", "-", "--no-same-owner", "--no-same-permissions"],
      {
        stdio: ["pipe", "ignore", "pipe"],
      },
    );
    const done = new Promise<number | null>((resolve) => tar.on("close", resolve));
    const stdout = new Readable({ read: () => undefined });
    stdout.pipe(tar.stdin);
    const result = await this.exec(
      ["tar", "-C", dirname(sandboxPath), "-cf", "-", basename(sandboxPath)],
      { onOutput: (stream, chunk) => (stream === "stdout" ? stdout.push(chunk) : undefined) },
    );
    stdout.push(null);
    const tarExit = await done;
    if (result.exitCode !== 0 || tarExit !== 0) {
      throw new AirlockError(
        "AIRLOCK_E_SANDBOX_EXEC_FAILED",
        `copying ${sandboxPath} out to ${hostDir} failed`,
      );
    }
  }

  /** Idempotent; a second call returns the first call's report. */
  destroy(): Promise<CleanupReport> {
    this.#destroyed ??= teardownContainer(this.id, this.#slot).then((report) => {
      if (report.leftovers.length > 0) {
        throw new AirlockError(
          "AIRLOCK_E_CLEANUP_INCOMPLETE",
          `sandbox ${this.id} left: ${report.leftovers.join(", ")}`,
          { fix: "run `airlock sandbox gc`; if it persists, report it" },
        );
      }
      return report;
    });
    return this.#destroyed;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.destroy();
  }
}

function signalNumber(signal: NodeJS.Signals): number {
  return constants.signals[signal];
}
