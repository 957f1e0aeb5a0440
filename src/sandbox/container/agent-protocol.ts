/**
 * The framing between airlock and sandbox-init (native/sandbox-init.c), pure and shared by
 * both ends' tests. A frame is: type (u8), exec id (u32 LE), payload length (u32 LE),
 * payload. See docs/agent-protocol.md.
 */
export const frameType = { exec: 1, stdin: 2, kill: 3, stdout: 4, stderr: 5, exit: 6 } as const;
export type FrameType = (typeof frameType)[keyof typeof frameType];

export interface Frame {
  readonly type: number;
  readonly id: number;
  readonly payload: Buffer;
}

const header = 9;
/** The largest payload either side accepts (sandbox-init's MAX_FRAME). */
export const maxPayload = 1 << 24;

export function encodeFrame(
  type: FrameType,
  id: number,
  payload: Buffer = Buffer.alloc(0),
): Buffer {
  const head = Buffer.alloc(header);
  head.writeUInt8(type, 0);
  head.writeUInt32LE(id, 1);
  head.writeUInt32LE(payload.length, 5);
  return Buffer.concat([head, payload]);
}

export interface ExecCommand {
  readonly argv: readonly string[];
  /** Complete environment, `KEY=VALUE` each: nothing is inherited from init. */
  readonly env: readonly string[];
  readonly cwd: string;
  /** The uid and gid the command runs as; undefined: the agent's own (root of the sandbox). */
  readonly user?: ExecUser;
}

/** A numeric user and group inside the sandbox (its user namespace). */
export interface ExecUser {
  readonly uid: number;
  readonly gid: number;
}

/**
 * EXEC payload: u32 argc, u32 envc, then NUL-terminated cwd, argv..., env..., and with a
 * `user` a trailing u32 uid, u32 gid (the agent drops to them before the command starts).
 */
export function encodeExec(id: number, command: ExecCommand): Buffer {
  const strings = [command.cwd, ...command.argv, ...command.env];
  if (strings.some((s) => s.includes("\0"))) {
    throw new RangeError("argv, env and cwd cannot contain NUL bytes");
  }
  const counts = Buffer.alloc(8);
  counts.writeUInt32LE(command.argv.length, 0);
  counts.writeUInt32LE(command.env.length, 4);
  const user = Buffer.alloc(command.user === undefined ? 0 : 8);
  if (command.user !== undefined) {
    user.writeUInt32LE(command.user.uid, 0);
    user.writeUInt32LE(command.user.gid, 4);
  }
  const body = Buffer.concat([counts, ...strings.map((s) => Buffer.from(`${s}\0`, "utf8")), user]);
  if (body.length > maxPayload) throw new RangeError("command and environment exceed 16 MiB");
  return encodeFrame(frameType.exec, id, body);
}

/** Splits a byte stream into frames; chunks may cut frames anywhere. */
export class FrameDecoder {
  #buffer: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Frame[] {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    const frames: Frame[] = [];
    let at = 0;
    while (this.#buffer.length - at >= header) {
      const length = this.#buffer.readUInt32LE(at + 5);
      if (length > maxPayload)
        throw new RangeError(`agent frame of ${length} bytes exceeds the limit`);
      if (this.#buffer.length - at - header < length) break;
      frames.push({
        type: this.#buffer.readUInt8(at),
        id: this.#buffer.readUInt32LE(at + 1),
        payload: this.#buffer.subarray(at + header, at + header + length),
      });
      at += header + length;
    }
    this.#buffer = this.#buffer.subarray(at);
    return frames;
  }
}
