import { describe, expect, it } from "vitest";
import { cpioNewc } from "./cpio-newc.js";

/** Parses the archive back: [path, mode, size, data] per member, trailer included. */
function members(archive: Buffer): { path: string; mode: number; data: string; rdev: number[] }[] {
  const out: { path: string; mode: number; data: string; rdev: number[] }[] = [];
  let at = 0;
  for (;;) {
    const head = archive.subarray(at, at + 110).toString("ascii");
    expect(head.slice(0, 6)).toBe("070701");
    const field = (i: number): number => parseInt(head.slice(6 + i * 8, 14 + i * 8), 16);
    const nameSize = field(11);
    const size = field(6);
    const path = archive.subarray(at + 110, at + 110 + nameSize - 1).toString("utf8");
    at += 110 + nameSize;
    at += (4 - (at % 4)) % 4;
    const data = archive.subarray(at, at + size).toString("utf8");
    at += size;
    at += (4 - (at % 4)) % 4;
    out.push({ path, mode: field(1), data, rdev: [field(9), field(10)] });
    if (path === "TRAILER!!!") return out;
  }
}

describe("cpioNewc", () => {
  const archive = cpioNewc([
    { kind: "dir", path: "dev", mode: 0o755 },
    { kind: "char", path: "dev/console", mode: 0o600, major: 5, minor: 1 },
    { kind: "file", path: "init", mode: 0o755, data: Buffer.from("hello") },
  ]);

  it("writes newc members with types, modes, data and device numbers", () => {
    expect(members(archive)).toEqual([
      { path: "dev", mode: 0o040755, data: "", rdev: [0, 0] },
      { path: "dev/console", mode: 0o020600, data: "", rdev: [5, 1] },
      { path: "init", mode: 0o100755, data: "hello", rdev: [0, 0] },
      { path: "TRAILER!!!", mode: 0, data: "", rdev: [0, 0] },
    ]);
  });

  it("is deterministic and padded to 512 bytes", () => {
    expect(archive.length % 512).toBe(0);
    const again = cpioNewc([
      { kind: "dir", path: "dev", mode: 0o755 },
      { kind: "char", path: "dev/console", mode: 0o600, major: 5, minor: 1 },
      { kind: "file", path: "init", mode: 0o755, data: Buffer.from("hello") },
    ]);
    expect(again.equals(archive)).toBe(true);
  });

  it("refuses absolute paths", () => {
    expect(() => cpioNewc([{ kind: "dir", path: "/etc", mode: 0o755 }])).toThrow(/bad path/);
  });
});
