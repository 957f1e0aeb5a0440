import type { Readable } from "node:stream";
import type { SandboxSpec } from "./sandbox-spec.js";

/** Why an exec ended. `oom` and `timeout` are the sandbox's limits speaking, not the program. */
export type ExecEnd = "exited" | "signaled" | "timeout" | "oom" | "aborted";

export interface ExecResult {
  readonly end: ExecEnd;
  /** The exit status; for signals, 128 + signal number as a shell reports it. */
  readonly exitCode: number;
}

export interface ExecOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  readonly stdin?: Readable | string;
  readonly onOutput?: (stream: "stdout" | "stderr", chunk: Buffer) => void;
  /** Aborting kills every process the exec started; the result's end is `aborted`. */
  readonly signal?: AbortSignal;
  /** Wall-clock bound; when it passes every process the exec started is killed. */
  readonly timeoutMs?: number;
  /**
   * Run as this uid and gid of the sandbox (an image's `User`), with these supplementary
   * groups (none when omitted); undefined: its root.
   */
  readonly user?: {
    readonly uid: number;
    readonly gid: number;
    readonly groups?: readonly number[];
  };
}

/** What destroy() found and removed; `leftovers` must be empty or destroy() throws. */
export interface CleanupReport {
  readonly removed: readonly string[];
  readonly leftovers: readonly string[];
}

/**
 * One live sandbox. Contract: destroy() is idempotent, removes every host resource the
 * sandbox holds (processes, mounts, cgroups, namespaces, state files) and throws
 * AIRLOCK_E_CLEANUP_INCOMPLETE when it cannot prove that. Callers write
 * `await using sandbox = await backend.create(spec)`.
 */
export interface Sandbox extends AsyncDisposable {
  readonly id: string;
  readonly spec: SandboxSpec;
  exec(argv: readonly string[], options?: ExecOptions): Promise<ExecResult>;
  /**
   * Copies a host file or directory tree into the sandbox at `sandboxPath` (a directory,
   * created if missing). With `contentsOnly`, `hostPath` must be a directory and what it
   * contains is copied, not the directory itself (one transfer for a whole tree).
   */
  copyIn(
    hostPath: string,
    sandboxPath: string,
    options?: { readonly contentsOnly?: boolean },
  ): Promise<void>;
  /** Copies `sandboxPath` out into the host directory `hostDir`; links never leave the copy. */
  copyOut(sandboxPath: string, hostDir: string): Promise<void>;
  destroy(): Promise<CleanupReport>;
  /**
   * A sandbox of another image inside this one's boundary, for a job's services: it shares
   * this sandbox's network namespace (the same loopback and network policy) and is destroyed
   * by this sandbox's destroy(), before it. `hostNames` resolve to 127.0.0.1 in both from
   * then on. Backends that cannot (yet) leave it undefined; callers then refuse services.
   */
  createSibling?(spec: SiblingSpec): Promise<Sandbox>;
}

/** What a sibling sandbox is made of; size and hardening are its parent's. */
export interface SiblingSpec {
  /** An image name or id in the image store. */
  readonly image: string;
  readonly hostNames: readonly string[];
  /** The base environment of its commands (as SandboxSpec.env). */
  readonly env: Readonly<Record<string, string>>;
}

export interface ProbeResult {
  readonly usable: boolean;
  /** Why not, with the fix, when not usable. */
  readonly reason?: string;
}

export interface SandboxBackend {
  readonly name: SandboxSpec["backend"];
  probe(): Promise<ProbeResult>;
  create(spec: SandboxSpec): Promise<Sandbox>;
}
