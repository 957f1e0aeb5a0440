import { describe, expect, it } from "vitest";
import { makeTar } from "../../../test/image/registry/make-tar.js";
import { readTar, type TarEntry } from "./tar-reader.js";

async function* chunks(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) {
    await Promise.resolve();
    yield bytes.subarray(i, i + size);
  }
}

async function entries(bytes: Buffer, size = 333): Promise<[TarEntry, string][]> {
  const out: [TarEntry, string][] = [];
  for await (const { entry, body } of readTar(chunks(bytes, size))) {
    let text = "";
    await body((chunk) => {
      text += chunk.toString("utf8");
      return Promise.resolve();
    });
    out.push([entry, text]);
  }
  return out;
}

const long = `${"deep/".repeat(30)}file.txt`;

describe("readTar", () => {
  it("reads pax and GNU long names and link names", async () => {
    const read = await entries(
      makeTar([
        { name: long, content: "pax body", longNames: "pax" },
        { name: `${long}.gnu`, content: "gnu body", longNames: "gnu" },
        { name: "short-link", type: "symlink", linkName: `/${long}`, longNames: "pax" },
        { name: "hard", type: "hardlink", linkName: long, longNames: "gnu" },
      ]),
    );
    expect(read.map(([e, text]) => [e.name, e.type, e.linkName, text])).toEqual([
      [long, "file", "", "pax body"],
      [`${long}.gnu`, "file", "", "gnu body"],
      ["short-link", "symlink", `/${long}`, ""],
      ["hard", "hardlink", long, ""],
    ]);
  });

  it("reads modes, owners and bodies across chunk boundaries, skipping unread bodies", async () => {
    const big = "x".repeat(5000);
    const tar = makeTar([
      { name: "a", content: big, mode: 0o4755, uid: 1000, gid: 100 },
      { name: "b/", type: "dir", mode: 0o1777 },
    ]);
    const seen: TarEntry[] = [];
    for await (const { entry } of readTar(chunks(tar, 7))) seen.push(entry);
    expect(seen.map((e) => [e.name, e.type, e.mode, e.uid, e.gid, e.size])).toEqual([
      ["a", "file", 0o4755, 1000, 100, 5000],
      ["b/", "directory", 0o1777, 0, 0, 0],
    ]);
  });

  it("refuses truncated archives and unknown member types", async () => {
    const tar = makeTar([{ name: "a", content: "x".repeat(2000) }]);
    await expect(entries(tar.subarray(0, 1200))).rejects.toThrow(/truncated/);
    const sparse = Buffer.from(tar);
    sparse.write("S", 156, "latin1");
    let sum = 0;
    sparse.fill(0x20, 148, 156);
    for (const byte of sparse.subarray(0, 512)) sum += byte;
    sparse.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, "latin1");
    await expect(entries(sparse)).rejects.toThrow(/unsupported type "S"/);
  });
});
