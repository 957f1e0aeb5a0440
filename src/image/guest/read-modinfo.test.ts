import { describe, expect, it } from "vitest";
import { moduleDepends, readModinfo } from "./read-modinfo.js";

/** A minimal ELF64 LE object with sections: null, .shstrtab, .modinfo. */
function fakeModule(modinfo: string): Buffer {
  const shstrtab = Buffer.from("\0.shstrtab\0.modinfo\0", "latin1");
  const info = Buffer.from(modinfo, "utf8");
  const header = Buffer.alloc(64);
  header.writeUInt32BE(0x7f454c46, 0);
  header[4] = 2;
  header[5] = 1;
  const shoff = 64 + shstrtab.length + info.length;
  header.writeBigUInt64LE(BigInt(shoff), 0x28);
  header.writeUInt16LE(64, 0x3a);
  header.writeUInt16LE(3, 0x3c);
  header.writeUInt16LE(1, 0x3e);
  const sh = (name: number, offset: number, size: number): Buffer => {
    const b = Buffer.alloc(64);
    b.writeUInt32LE(name, 0);
    b.writeBigUInt64LE(BigInt(offset), 24);
    b.writeBigUInt64LE(BigInt(size), 32);
    return b;
  };
  return Buffer.concat([
    header,
    shstrtab,
    info,
    sh(0, 0, 0),
    sh(1, 64, shstrtab.length),
    sh(11, 64 + shstrtab.length, info.length),
  ]);
}

describe("readModinfo", () => {
  it("reads key=value strings, keeping repeated keys", () => {
    const info = readModinfo(
      fakeModule(
        "alias=virtio:d00000003v*\0alias=other\0depends=virtio,virtio_ring\0name=virtio_console\0",
      ),
    );
    expect(info.get("name")).toEqual(["virtio_console"]);
    expect(info.get("alias")).toEqual(["virtio:d00000003v*", "other"]);
    expect(moduleDepends(info)).toEqual(["virtio", "virtio_ring"]);
  });

  it("gives no dependencies for an empty depends=", () => {
    expect(moduleDepends(readModinfo(fakeModule("depends=\0name=virtio\0")))).toEqual([]);
  });

  it("rejects what is not a module", () => {
    expect(() => readModinfo(Buffer.from("#!/bin/sh\n".padEnd(80)))).toThrow(/not an ELF/);
  });
});
