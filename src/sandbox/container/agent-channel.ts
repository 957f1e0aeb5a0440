import type { Duplex, Readable } from "node:stream";
import { AirlockError } from "../../core/airlock-error.js";
import {
  encodeExec,
  encodeFrame,
  FrameDecoder,
  frameType,
  type ExecCommand,
} from "./agent-protocol.js";

export interface AgentExecOptions {
  readonly stdin?: Readable | string;
  readonly onOutput?: (stream: "stdout" | "stderr", chunk: Buffer) => void;
}

interface Pending {
  readonly onOutput: AgentExecOptions["onOutput"];
  readonly resolve: (exitCode: number) => void;
  readonly reject: (error: Error) => void;
}

const stdinChunk = 1 << 20;

/**
 * airlock's end of the control socket to one sandbox's sandbox-init. Runs any number of
 * commands at once, each under its own id. When the socket closes (init exited: the
 * sandbox ended), every command still waiting fails with AIRLOCK_E_SANDBOX_EXEC_FAILED.
 */
export class AgentChannel {
  readonly #socket: Duplex;
  readonly #pending = new Map<number, Pending>();
  readonly #decoder = new FrameDecoder();
  #nextId = 1;
  #closed: Error | undefined;

  constructor(socket: Duplex) {
    this.#socket = socket;
    socket.on("data", (chunk: Buffer) => {
      try {
        for (const frame of this.#decoder.push(chunk))
          this.#dispatch(frame.type, frame.id, frame.payload);
      } catch (error: unknown) {
        this.#fail(error instanceof Error ? error : new Error(String(error)));
        socket.destroy();
      }
    });
    socket.on("error", (error) => this.#fail(error));
    socket.on("close", () => this.#fail(new Error("sandbox-init exited: the sandbox has ended")));
  }

  exec(command: ExecCommand, options: AgentExecOptions = {}): Promise<number> {
    if (this.#closed !== undefined) return Promise.reject(this.#execError(this.#closed));
    const id = this.#nextId++;
    const result = new Promise<number>((resolve, reject) => {
      this.#pending.set(id, { onOutput: options.onOutput, resolve, reject });
    });
    this.#socket.write(encodeExec(id, command));
    this.#sendStdin(id, options.stdin);
    return result;
  }

  /**
   * Asks the agent to SIGKILL every process but itself and the guest's PID 1 (a KILL frame),
   * or with `root` only the processes chrooted there (a microVM service's). Only a microVM
   * guest's agent honours it; containers are killed through their cgroup.
   */
  killAll(root?: string): void {
    const payload = root === undefined ? undefined : Buffer.from(root, "utf8");
    if (this.#closed === undefined) this.#socket.write(encodeFrame(frameType.kill, 0, payload));
  }

  /** Closes the socket: sandbox-init then exits and the kernel ends the sandbox's processes. */
  close(): void {
    this.#socket.destroy();
  }

  #sendStdin(id: number, stdin: Readable | string | undefined): void {
    const eof = (): void => {
      if (this.#closed === undefined) this.#socket.write(encodeFrame(frameType.stdin, id));
    };
    const send = (data: Buffer): void => {
      for (let at = 0; at < data.length && this.#closed === undefined; at += stdinChunk) {
        this.#socket.write(encodeFrame(frameType.stdin, id, data.subarray(at, at + stdinChunk)));
      }
    };
    if (stdin === undefined || typeof stdin === "string") {
      if (stdin !== undefined) send(Buffer.from(stdin, "utf8"));
      eof();
      return;
    }
    stdin.on("data", (chunk: Buffer | string) =>
      send(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk)),
    );
    stdin.once("end", eof);
    stdin.once("error", eof);
  }

  #dispatch(type: number, id: number, payload: Buffer): void {
    const pending = this.#pending.get(id);
    if (pending === undefined) return;
    if (type === frameType.stdout) pending.onOutput?.("stdout", payload);
    else if (type === frameType.stderr) pending.onOutput?.("stderr", payload);
    else if (type === frameType.exit) {
      this.#pending.delete(id);
      pending.resolve(payload.readInt32LE(0));
    }
  }

  #fail(cause: Error): void {
    this.#closed ??= cause;
    for (const pending of this.#pending.values()) pending.reject(this.#execError(cause));
    this.#pending.clear();
  }

  #execError(cause: Error): AirlockError {
    return new AirlockError("AIRLOCK_E_SANDBOX_EXEC_FAILED", cause.message, { cause });
  }
}
