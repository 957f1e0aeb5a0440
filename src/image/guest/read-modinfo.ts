/**
 * The `.modinfo` section of a kernel module (an ELF64 little-endian relocatable object):
 * its NUL-separated `key=value` strings, as a map from key to every value given for it
 * (`alias` repeats). `depends` is what depmod turns into modules.dep: a comma-separated list
 * of module names. Throws when `elf` is not an x86-64 module or has no `.modinfo`.
 */
export function readModinfo(elf: Buffer): Map<string, string[]> {
  if (elf.length < 64 || elf.readUInt32BE(0) !== 0x7f454c46) throw new Error("not an ELF file");
  if (elf[4] !== 2 || elf[5] !== 1) throw new Error("not a 64-bit little-endian ELF file");
  const shoff = Number(elf.readBigUInt64LE(0x28));
  const shentsize = elf.readUInt16LE(0x3a);
  const shnum = elf.readUInt16LE(0x3c);
  const shstrndx = elf.readUInt16LE(0x3e);
  const section = (i: number): { name: number; offset: number; size: number } => {
    const at = shoff + i * shentsize;
    if (at + 64 > elf.length) throw new Error("truncated section header table");
    return {
      name: elf.readUInt32LE(at),
      offset: Number(elf.readBigUInt64LE(at + 24)),
      size: Number(elf.readBigUInt64LE(at + 32)),
    };
  };
  const names = section(shstrndx);
  for (let i = 0; i < shnum; i++) {
    const s = section(i);
    const nameAt = names.offset + s.name;
    const name = elf.subarray(nameAt, elf.indexOf(0, nameAt)).toString("latin1");
    if (name !== ".modinfo") continue;
    const info = new Map<string, string[]>();
    for (const item of elf
      .subarray(s.offset, s.offset + s.size)
      .toString("utf8")
      .split("\0")) {
      const eq = item.indexOf("=");
      if (eq <= 0) continue;
      const key = item.slice(0, eq);
      info.set(key, [...(info.get(key) ?? []), item.slice(eq + 1)]);
    }
    return info;
  }
  throw new Error("no .modinfo section");
}

/** The module names a module's `.modinfo` says it depends on. */
export function moduleDepends(info: ReadonlyMap<string, readonly string[]>): string[] {
  return (info.get("depends") ?? [])
    .flatMap((v) => v.split(","))
    .map((n) => n.trim())
    .filter((n) => n !== "");
}
