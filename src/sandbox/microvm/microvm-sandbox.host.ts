import { AirlockError } from "../../core/airlock-error.js";
import { newId } from "../../core/ids.js";
import { resolveImage } from "../../image/image-store.js";
import type { AgentChannel } from "../container/agent-channel.js";
import { execThroughAgent } from "../agent-exec.js";
import { teardownContainer, type SandboxSlots } from "../container/teardown.host.js";
import type { SandboxSpec } from "../sandbox-spec.js";
import type { CleanupReport, ExecOptions, ExecResult, Sandbox, SiblingSpec } from "../sandbox.js";
import { TarCopySandbox } from "../tar-copy-sandbox.host.js";
import type { AgentListener } from "./agent-listener.js";
import type { SandboxLink } from "../network/sandbox-link.host.js";
import type { RunningGuest } from "./start-guest.host.js";
import { MicrovmSibling } from "./microvm-sibling.host.js";
import { copyImageIntoGuest, serviceDir } from "./service-root.host.js";

/**
 * A running microVM sandbox: QEMU (unprivileged, in the sandbox's cgroup) runs a guest whose
 * agent (sandbox-init, started by guest-init) runs every command on request over the
 * virtio-serial port. Commands are root in the guest; the VM is the boundary.
 */
export class MicrovmSandbox extends TarCopySandbox {
  readonly #agent: AgentChannel;
  readonly #guest: RunningGuest;
  readonly #listener: AgentListener;
  readonly #slots: SandboxSlots;
  readonly #link: SandboxLink | undefined;
  readonly #siblings: MicrovmSibling[] = [];
  #destroyed: Promise<CleanupReport> | undefined;

  constructor(
    readonly id: string,
    readonly spec: SandboxSpec,
    parts: {
      readonly agent: AgentChannel;
      readonly guest: RunningGuest;
      readonly listener: AgentListener;
      readonly link: SandboxLink | undefined;
      readonly slots: SandboxSlots;
    },
  ) {
    super();
    this.#agent = parts.agent;
    this.#guest = parts.guest;
    this.#listener = parts.listener;
    this.#slots = parts.slots;
    this.#link = parts.link;
  }

  /** QEMU's host pid. */
  get qemuPid(): number {
    return this.#guest.pid;
  }

  async exec(argv: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    if (this.#destroyed !== undefined) {
      throw new AirlockError("AIRLOCK_E_SANDBOX_DESTROYED", `sandbox ${this.id} is destroyed`);
    }
    if (argv.length === 0) throw new AirlockError("AIRLOCK_E_USAGE", "no command to run");
    // The guest's agent kills every process of the guest but itself and guest-init.
    const { exitCode, stopped } = await this.#explainEnd(
      execThroughAgent(this.#agent, this.spec, argv, options, () => this.#agent.killAll()),
    );
    if (stopped !== undefined) return { end: stopped, exitCode };
    return { end: exitCode > 128 ? "signaled" : "exited", exitCode };
  }

  /**
   * A command whose channel closed because the VM ended (QEMU died, the guest panicked or
   * powered off) fails with what QEMU's exit and the console's tail say, not just "ended".
   */
  async #explainEnd<T>(work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (error: unknown) {
      if (this.#destroyed !== undefined || !(error instanceof AirlockError)) throw error;
      await Promise.race([this.#guest.exited, new Promise((r) => setTimeout(r, 1_000))]);
      throw new AirlockError(
        "AIRLOCK_E_SANDBOX_EXEC_FAILED",
        `the microVM ${this.id} ended during a command (QEMU ${this.#guest.exitStatus()})\n` +
          `--- console (tail) ---\n${this.#guest.console().slice(-3000)}`,
        { cause: error },
      );
    }
  }

  /**
   * A service inside this VM: its image's tree is copied (through the agent, with the job
   * image's `tar`) to `/.airlock/services/<id>/root` on the job's writable disk, so it counts
   * against `diskMiB`; its commands run chrooted there with the guest's /dev, a fresh /proc,
   * its own /tmp, and the guest's /etc/hosts, to which `hostNames` are added as 127.0.0.1.
   * It shares the VM's network, processes and kernel: the VM stays the boundary.
   */
  async createSibling(spec: SiblingSpec): Promise<Sandbox> {
    this.#refuseDestroyed();
    const image = await resolveImage(spec.image);
    const id = newId();
    const dir = serviceDir(id);
    const root = `${dir}/root`;
    const sibling = new MicrovmSibling(
      id,
      { ...this.spec, image: image.id, env: spec.env, mounts: [] },
      { agent: this.#agent, exec: (argv, options) => this.exec(argv, options) },
      { root, dir },
    );
    this.#siblings.push(sibling);
    try {
      await copyImageIntoGuest((argv, o) => this.exec(argv, o), image.rootfs, root);
      if (spec.hostNames.length > 0) await this.#addHostNames(spec.hostNames);
    } catch (error: unknown) {
      await sibling.destroy().catch(() => undefined);
      throw error;
    }
    // destroy() began while it was made: it ended with the VM.
    this.#refuseDestroyed();
    return sibling;
  }

  /** Appends `127.0.0.1 <names>` to the guest's /etc/hosts, which every service shares. */
  async #addHostNames(names: readonly string[]): Promise<void> {
    if (names.some((name) => !/^[A-Za-z0-9._-]+$/.test(name))) {
      throw new AirlockError("AIRLOCK_E_USAGE", `invalid service host name in ${names.join(" ")}`);
    }
    const result = await this.exec([
      "sh",
      "-c",
      'printf "127.0.0.1\t%s\n" "$1" >> /etc/hosts',
      "sh",
      names.join(" "),
    ]);
    if (result.exitCode !== 0) {
      throw new AirlockError(
        "AIRLOCK_E_SANDBOX_CREATE_FAILED",
        `adding ${names.join(" ")} to the microVM's /etc/hosts failed (exit ${result.exitCode})`,
      );
    }
  }

  /** A method, not a field test: destroy() may begin while createSibling awaits. */
  #refuseDestroyed(): void {
    if (this.#destroyed !== undefined) {
      throw new AirlockError("AIRLOCK_E_SANDBOX_DESTROYED", `sandbox ${this.id} is destroyed`);
    }
  }

  /**
   * Idempotent; a second call returns the first call's report. Its services end first (with
   * the VM: nothing of theirs is outside it). QEMU is killed at once (the
   * job's disk is thrown away, so there is nothing to shut down cleanly), then the shared
   * teardown removes the cgroup, the network link, the state directory with the writable
   * disk and the agent socket, and the slots.
   */
  destroy(): Promise<CleanupReport> {
    for (const sibling of this.#siblings) sibling.abandon();
    this.#agent.close();
    this.#destroyed ??= this.#guest
      .kill()
      .then(() => this.#listener.close())
      // teardown removes the link again and reports what is left
      .then(() => this.#link?.close().catch(() => undefined))
      .then(() => teardownContainer(this.id, this.#slots))
      .then((report) => {
        const leftovers = [...report.leftovers];
        if (this.#guest.exitCode() === null && isAlive(this.#guest.pid))
          leftovers.push(`QEMU process ${this.#guest.pid}`);
        if (leftovers.length > 0) {
          throw new AirlockError(
            "AIRLOCK_E_CLEANUP_INCOMPLETE",
            `sandbox ${this.id} left: ${leftovers.join(", ")}`,
            { fix: "run `airlock sandbox gc`; if it persists, report it" },
          );
        }
        return { removed: [`QEMU process ${this.#guest.pid}`, ...report.removed], leftovers };
      });
    return this.#destroyed;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
