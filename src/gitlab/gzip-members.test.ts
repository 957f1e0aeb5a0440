import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { gzipMembers } from "./gzip-members.js";

/** The header of the gzip member at `offset`: its name and comment fields. */
function headerAt(stream: Buffer, offset: number): { name: string; comment: string } {
  expect([...stream.subarray(offset, offset + 4)]).toEqual([0x1f, 0x8b, 8, 0x18]);
  const nameEnd = stream.indexOf(0, offset + 10);
  const commentEnd = stream.indexOf(0, nameEnd + 1);
  return {
    name: stream.subarray(offset + 10, nameEnd).toString("latin1"),
    comment: stream.subarray(nameEnd + 1, commentEnd).toString("latin1"),
  };
}

describe("gzipMembers", () => {
  it("writes one named member per file that gunzip reads back in order", () => {
    const stream = gzipMembers([
      {
        name: "a.xml",
        path: "reports/a.xml",
        mtimeMs: 1_700_000_000_000,
        data: Buffer.from("A\n"),
      },
      { name: "b.xml", path: "reports/b.xml", mtimeMs: 0, data: Buffer.from("B\n") },
    ]);
    expect(gunzipSync(stream).toString()).toBe("A\nB\n");
    expect(headerAt(stream, 0)).toEqual({ name: "a.xml", comment: "reports/a.xml" });
    expect(stream.readUInt32LE(4)).toBe(1_700_000_000);
    const second = stream.indexOf(Buffer.from([0x1f, 0x8b, 8, 0x18]), 10);
    expect(headerAt(stream, second)).toEqual({ name: "b.xml", comment: "reports/b.xml" });
    // The first member alone decompresses to the first file: they are separate members.
    expect(gunzipSync(stream.subarray(0, second)).toString()).toBe("A\n");
  });

  it("escapes header text that is not printable ASCII", () => {
    const stream = gzipMembers([
      { name: "ü.xml", path: "r/ü 100%.xml", mtimeMs: 0, data: Buffer.from("x") },
    ]);
    expect(headerAt(stream, 0)).toEqual({
      name: "e:%C3%BC.xml",
      comment: "e:r%2F%C3%BC%20100%25.xml",
    });
    expect(gunzipSync(stream).toString()).toBe("x");
  });
});
