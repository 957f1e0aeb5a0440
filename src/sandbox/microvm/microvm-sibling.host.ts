import { AirlockError } from "../../core/airlock-error.js";
import { execThroughAgent } from "../agent-exec.js";
import type { AgentChannel } from "../container/agent-channel.js";
import type { SandboxSpec } from "../sandbox-spec.js";
import type { CleanupReport, ExecOptions, ExecResult, Sandbox } from "../sandbox.js";
import { TarCopySandbox } from "../tar-copy-sandbox.host.js";
import { removeServiceScript } from "./service-root.host.js";

/** What a service inside a microVM uses of its parent. */
export interface SiblingHost {
  readonly agent: AgentChannel;
  /** Runs a command in the parent (the job's root), for setup and removal. */
  readonly exec: Sandbox["exec"];
}

/**
 * A service inside a microVM (see MicrovmSandbox.createSibling): its commands go through the
 * guest's agent chrooted into `root`, a copy of its image on the job's writable disk, so it
 * shares the VM's network (loopback, /etc/hosts) but not its files. Its own destroy() kills
 * its processes and removes `dir`; the parent's destroy() ends it with the VM (abandon()).
 */
export class MicrovmSibling extends TarCopySandbox {
  readonly #host: SiblingHost;
  readonly #root: string;
  readonly #dir: string;
  #destroyed: Promise<CleanupReport> | undefined;

  constructor(
    readonly id: string,
    readonly spec: SandboxSpec,
    host: SiblingHost,
    where: { readonly root: string; readonly dir: string },
  ) {
    super();
    this.#host = host;
    this.#root = where.root;
    this.#dir = where.dir;
  }

  async exec(argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    if (this.#destroyed !== undefined) {
      throw new AirlockError("AIRLOCK_E_SANDBOX_DESTROYED", `sandbox ${this.id} is destroyed`);
    }
    if (argv.length === 0) throw new AirlockError("AIRLOCK_E_USAGE", "no command to run");
    const agent = this.#host.agent;
    const { exitCode, stopped } = await execThroughAgent(
      agent,
      this.spec,
      argv,
      options,
      () => agent.killAll(this.#root),
      this.#root,
    );
    if (stopped !== undefined) return { end: stopped, exitCode };
    return { end: exitCode > 128 ? "signaled" : "exited", exitCode };
  }

  /**
   * Idempotent. Kills the service's processes (KILL for its root, then a check from the
   * job's side that none is left) and removes its copy of the image from the job's disk.
   */
  destroy(): Promise<CleanupReport> {
    this.#destroyed ??= this.#remove();
    return this.#destroyed;
  }

  /** The parent is ending the whole VM: nothing of the service can outlive it. */
  abandon(): void {
    this.#destroyed ??= Promise.resolve({ removed: [`service root ${this.#dir}`], leftovers: [] });
  }

  async #remove(): Promise<CleanupReport> {
    this.#host.agent.killAll(this.#root);
    const chunks: Buffer[] = [];
    const result = await this.#host.exec(
      ["sh", "-c", removeServiceScript, "sh", this.#root, this.#dir],
      { onOutput: (_stream, chunk) => chunks.push(chunk), timeoutMs: 60_000 },
    );
    if (result.exitCode !== 0) {
      const left = Buffer.concat(chunks).toString("utf8").trim();
      throw new AirlockError(
        "AIRLOCK_E_CLEANUP_INCOMPLETE",
        `service ${this.id} left: ${left === "" ? `exit ${result.exitCode}` : left}`,
        { fix: "destroy the job's sandbox (its VM ends every service)" },
      );
    }
    return { removed: [`service processes in ${this.#root}`, this.#dir], leftovers: [] };
  }
}
