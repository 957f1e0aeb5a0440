import { AirlockError } from "../../core/airlock-error.js";
import type { SandboxSpec } from "../sandbox-spec.js";
import type { CleanupReport, ExecOptions, ExecResult, Sandbox, SiblingSpec } from "../sandbox.js";
import { cgroupPids, oomKillCount } from "./container-cgroup.host.js";
import type { ContainerPaths } from "./container-paths.js";
import type { AgentChannel } from "./agent-channel.js";
import { execThroughAgent } from "../agent-exec.js";
import { teardownContainer, type SandboxSlots } from "./teardown.host.js";
import type { SandboxLink } from "../network/sandbox-link.host.js";
import { TarCopySandbox } from "../tar-copy-sandbox.host.js";

/**
 * A running container sandbox. `sandbox-init` is PID 1 and runs every command on request
 * over its control socket (AgentChannel), so each command carries exactly the container's
 * user, capabilities, seccomp and noNewPrivileges, without a runc process per command.
 */
export class ContainerSandbox extends TarCopySandbox {
  readonly #paths: ContainerPaths;
  readonly #agent: AgentChannel;
  readonly #initPid: number;
  readonly #slots: SandboxSlots;
  readonly #link: SandboxLink | undefined;
  readonly #makeSibling: ((spec: SiblingSpec) => Promise<Sandbox>) | undefined;
  readonly #siblings: Sandbox[] = [];
  readonly #siblingLeftovers: string[] = [];
  #destroyed: Promise<CleanupReport> | undefined;

  constructor(
    readonly id: string,
    readonly spec: SandboxSpec,
    paths: ContainerPaths,
    agent: AgentChannel,
    initPid: number,
    slots: SandboxSlots,
    link: SandboxLink | undefined,
    makeSibling?: (spec: SiblingSpec) => Promise<Sandbox>,
  ) {
    super();
    this.#makeSibling = makeSibling;
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
    const oomBefore = oomKillCount(this.#paths.cgroupsPath);
    const { exitCode, stopped } = await execThroughAgent(
      this.#agent,
      this.spec,
      argv,
      options,
      () => this.#killCommands(),
    );
    if (stopped !== undefined) return { end: stopped, exitCode };
    if (exitCode === 137 && oomKillCount(this.#paths.cgroupsPath) > oomBefore) {
      return { end: "oom", exitCode };
    }
    return { end: exitCode > 128 ? "signaled" : "exited", exitCode };
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

  /** A service's container: this sandbox's network and user namespaces, its own image. */
  async createSibling(spec: SiblingSpec): Promise<Sandbox> {
    if (this.#destroyed !== undefined) {
      throw new AirlockError("AIRLOCK_E_SANDBOX_DESTROYED", `sandbox ${this.id} is destroyed`);
    }
    if (this.#makeSibling === undefined) {
      throw new AirlockError(
        "AIRLOCK_E_SANDBOX_CREATE_FAILED",
        `sandbox ${this.id} is itself a sibling: siblings cannot have siblings`,
      );
    }
    const sibling = await this.#makeSibling(spec);
    this.#siblings.push(sibling);
    if (this.#isDestroyed()) {
      // destroy() began while it was made: it must not outlive this sandbox.
      await sibling.destroy();
      throw new AirlockError("AIRLOCK_E_SANDBOX_DESTROYED", `sandbox ${this.id} is destroyed`);
    }
    return sibling;
  }

  /** Idempotent; a second call returns the first call's report. Siblings go first. */
  destroy(): Promise<CleanupReport> {
    this.#agent.close();
    this.#destroyed ??= this.#destroySiblings()
      .then(() => this.#link?.close())
      .catch(() => undefined) // teardown removes the link again and reports what is left
      .then(() => teardownContainer(this.id, this.#slots))
      .then((report) => {
        const leftovers = [...this.#siblingLeftovers, ...report.leftovers];
        if (leftovers.length > 0) {
          throw new AirlockError(
            "AIRLOCK_E_CLEANUP_INCOMPLETE",
            `sandbox ${this.id} left: ${leftovers.join(", ")}`,
            { fix: "run `airlock sandbox gc`; if it persists, report it" },
          );
        }
        return report;
      });
    return this.#destroyed;
  }

  /** A method, not a field test: destroy() may begin while createSibling awaits. */
  #isDestroyed(): boolean {
    return this.#destroyed !== undefined;
  }

  /** Destroys every sibling (all of them, also when one fails), keeping what they left. */
  async #destroySiblings(): Promise<void> {
    const results = await Promise.allSettled(this.#siblings.map((s) => s.destroy()));
    for (const result of results) {
      if (result.status === "rejected") this.#siblingLeftovers.push(String(result.reason));
    }
  }
}
