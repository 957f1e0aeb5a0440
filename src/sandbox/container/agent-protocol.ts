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
  /** An absolute directory the agent chroots the command into (a microVM service's root). */
  readonly root?: string;
}

/** A numeric user and group inside the sandbox (its user namespace). */
export interface ExecUser {
  readonly uid: number;
  readonly gid: number;
  /** Supplementary groups; undefined: just `gid`. */
  readonly groups?: readonly number[];
}

/** uid and gid in the extended tail that mean "the agent's own user". */
const keepUser = 0xffffffff;

/**
 * EXEC payload: u32 argc, u32 envc, then NUL-terminated cwd, argv..., env..., then a tail:
 * none (the agent's user); u32 uid, u32 gid for a `user` without groups (as before groups
 * existed); otherwise the extended form u32 uid, u32 gid, u32 ngroups, ngroups x u32, u32
 * rootlen, root bytes, where uid = gid = 0xffffffff keeps the agent's user.
 */
export function encodeExec(id: number, command: ExecCommand): Buffer {
  const strings = [command.cwd, ...command.argv, ...command.env];
  if (strings.some((s) => s.includes("\0"))) {
    throw new RangeError("argv, env and cwd cannot contain NUL bytes");
  }
  const counts = Buffer.alloc(8);
  counts.writeUInt32LE(command.argv.length, 0);
  counts.writeUInt32LE(command.env.length, 4);
  const body = Buffer.concat([
    counts,
    ...strings.map((s) => Buffer.from(`${s}\0`, "utf8")),
    execTail(command),
  ]);
  if (body.length > maxPayload) throw new RangeError("command and environment exceed 16 MiB");
  return encodeFrame(frameType.exec, id, body);
}

function execTail({ user, root }: ExecCommand): Buffer {
  if (root !== undefined && (!root.startsWith("/") || root.includes("\0"))) {
    throw new RangeError(`an exec root must be an absolute path without NUL bytes: ${root}`);
  }
  if (root === undefined && user?.groups === undefined) {
    if (user === undefined) return Buffer.alloc(0);
    return u32s([user.uid, user.gid]);
  }
  const rootBytes = Buffer.from(root ?? "", "utf8");
  const groups = user?.groups ?? [];
  return Buffer.concat([
    u32s([user?.uid ?? keepUser, user?.gid ?? keepUser, groups.length, ...groups]),
    u32s([rootBytes.length]),
    rootBytes,
  ]);
}

/** Little-endian u32s; RangeError for a value that is not one (a uid, gid or group). */
function u32s(values: readonly number[]): Buffer {
  const bytes = Buffer.alloc(4 * values.length);
  values.forEach((value, i) => bytes.writeUInt32LE(value, 4 * i));
  return bytes;
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
