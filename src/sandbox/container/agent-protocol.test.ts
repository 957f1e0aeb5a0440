import { describe, expect, it } from "vitest";
import { encodeExec, encodeFrame, FrameDecoder, frameType } from "./agent-protocol.js";

describe("agent protocol", () => {
  it("round-trips frames cut at every byte boundary", () => {
    const stream = Buffer.concat([
      encodeFrame(frameType.stdout, 7, Buffer.from("hello")),
      encodeFrame(frameType.exit, 7, Buffer.from([3, 0, 0, 0])),
      encodeFrame(frameType.stdin, 1),
    ]);
    for (let cut = 0; cut <= stream.length; cut++) {
      const decoder = new FrameDecoder();
      const frames = [
        ...decoder.push(stream.subarray(0, cut)),
        ...decoder.push(stream.subarray(cut)),
      ];
      expect(frames.map((f) => [f.type, f.id, f.payload.toString("hex")])).toEqual([
        [frameType.stdout, 7, Buffer.from("hello").toString("hex")],
        [frameType.exit, 7, "03000000"],
        [frameType.stdin, 1, ""],
      ]);
    }
  });

  it("encodes EXEC as counts then NUL-terminated cwd, argv and env", () => {
    const frame = encodeExec(5, { argv: ["sh", "-c", ""], env: ["A=1"], cwd: "/w" });
    const payload = frame.subarray(9);
    expect(payload.readUInt32LE(0)).toBe(3);
    expect(payload.readUInt32LE(4)).toBe(1);
    expect(payload.subarray(8).toString()).toBe("/w\0sh\0-c\0\0A=1\0");
  });

  it("appends the user as u32 uid, u32 gid after the strings", () => {
    const frame = encodeExec(6, { argv: ["id"], env: [], cwd: "/", user: { uid: 1000, gid: 50 } });
    const payload = frame.subarray(9);
    expect(payload.subarray(8, 13).toString()).toBe("/\0id\0");
    expect(payload.length).toBe(8 + 5 + 8);
    expect(payload.readUInt32LE(13)).toBe(1000);
    expect(payload.readUInt32LE(17)).toBe(50);
  });

  it("writes groups and a root in the extended tail, keeping the agent's user without one", () => {
    const withGroups = encodeExec(7, {
      argv: ["id"],
      env: [],
      cwd: "/",
      user: { uid: 1000, gid: 1000, groups: [27, 100] },
    }).subarray(9 + 8 + 5);
    expect([0, 4, 8, 12, 16, 20].map((at) => withGroups.readUInt32LE(at))).toEqual([
      1000, 1000, 2, 27, 100, 0,
    ]);
    expect(withGroups.length).toBe(24);
    const rooted = encodeExec(8, { argv: ["id"], env: [], cwd: "/", root: "/srv/r" }).subarray(
      9 + 8 + 5,
    );
    expect([0, 4, 8, 12].map((at) => rooted.readUInt32LE(at))).toEqual([
      0xffffffff, 0xffffffff, 0, 6,
    ]);
    expect(rooted.subarray(16).toString()).toBe("/srv/r");
  });

  it("refuses a relative root and a group that is not a u32", () => {
    expect(() => encodeExec(1, { argv: ["id"], env: [], cwd: "/", root: "srv" })).toThrow(
      /absolute/,
    );
    expect(() =>
      encodeExec(1, { argv: ["id"], env: [], cwd: "/", user: { uid: 1, gid: 1, groups: [-1] } }),
    ).toThrow(RangeError);
  });

  it("refuses NUL bytes, which would shift every later string", () => {
    expect(() => encodeExec(1, { argv: ["a\0b"], env: [], cwd: "/" })).toThrow(/NUL/);
  });

  it("refuses a frame larger than the limit instead of buffering it", () => {
    const head = Buffer.alloc(9);
    head.writeUInt32LE(0xffffffff, 5);
    expect(() => new FrameDecoder().push(head)).toThrow(/exceeds/);
  });
});
