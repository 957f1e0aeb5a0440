import { AirlockError } from "../../core/airlock-error.js";
import type { SandboxSpec } from "../sandbox-spec.js";
import type { CleanupReport, ExecOptions, ExecResult, Sandbox } from "../sandbox.js";
import { cgroupPids, oomKillCount } from "./container-cgroup.host.js";
import type { ContainerPaths } from "./container-paths.js";
import type { AgentChannel } from "./agent-channel.js";
import { execEnvironment } from "./exec-environment.js";
import { teardownContainer, type SandboxSlots } from "./teardown.host.js";
import type { SandboxLink } from "../network/sandbox-link.host.js";
import { copyInByTar, copyOutByTar } from "../tar-copy.host.js";

/**
 * A running container sandbox. `sandbox-init` is PID 1 and runs every command on request
 * over its control socket (AgentChannel), so each command carries exactly the container's
 * user, capabilities, seccomp and noNewPrivileges, without a runc process per command.
 */
export class ContainerSandbox implements Sandbox {
  readonly #paths: ContainerPaths;
  readonly #agent: AgentChannel;
  readonly #initPid: number;
  readonly #slots: SandboxSlots;
  readonly #link: SandboxLink | undefined;
  #destroyed: Promise<CleanupReport> | undefined;

  constructor(
    readonly id: string,
    readonly spec: SandboxSpec,
    paths: ContainerPaths,
    agent: AgentChannel,
    initPid: number,
    slots: SandboxSlots,
    link: SandboxLink | undefined,
  ) {
    this.#paths = paths;
    this.#agent = agent;
    this.#initPid = initPid;
    this.#slots = slots;
    this.#link = link;
  }

  async exec(argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    if (this.#destroyed !== undefined) {
      throw new AirlockError("AIRLOCK_E_SANDBOX_DESTROYED", `sandbox ${this.id} is destroyed`);
    }
    if (argv.length === 0) throw new AirlockError("AIRLOCK_E_USAGE", "no command to run");
    let stopped: "timeout" | "aborted" | undefined;
    const stop = (why: "timeout" | "aborted"): void => {
      stopped ??= why;
      this.#killCommands();
    };
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => stop("timeout"), options.timeoutMs);
    const onAbort = (): void => stop("aborted");
    options.signal?.addEventListener("abort", onAbort, { once: true });
    if (options.signal?.aborted === true) onAbort();
    const oomBefore = oomKillCount(this.#paths.cgroupsPath);
    try {
      const exitCode = await this.#agent.exec(
        { argv, env: execEnvironment(this.spec, options.env ?? {}), cwd: options.cwd ?? "/" },
        {
          ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
          ...(options.onOutput === undefined ? {} : { onOutput: options.onOutput }),
        },
      );
      if (stopped !== undefined) return { end: stopped, exitCode };
      if (exitCode === 137 && oomKillCount(this.#paths.cgroupsPath) > oomBefore) {
        return { end: "oom", exitCode };
      }
      return { end: exitCode > 128 ? "signaled" : "exited", exitCode };
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
    }
  }

  /** Kills every process in the sandbox except its init: what "stop this command" means. */
  #killCommands(): void {
    for (const pid of cgroupPids(this.#paths.cgroupsPath)) {
      if (pid === this.#initPid) continue;
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        /* already gone */
      }
    }
  }

  copyIn(
    hostPath: string,
    sandboxPath: string,
    options: { readonly contentsOnly?: boolean } = {},
  ): Promise<void> {
    return copyInByTar((argv, o) => this.exec(argv, o), hostPath, sandboxPath, options);
  }

  copyOut(sandboxPath: string, hostDir: string): Promise<void> {
    return copyOutByTar((argv, o) => this.exec(argv, o), sandboxPath, hostDir);
  }

  /** Idempotent; a second call returns the first call's report. */
  destroy(): Promise<CleanupReport> {
    this.#agent.close();
    this.#destroyed ??= (this.#link?.close() ?? Promise.resolve())
      .catch(() => undefined) // teardown removes the link again and reports what is left
      .then(() => teardownContainer(this.id, this.#slots))
      .then((report) => {
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
