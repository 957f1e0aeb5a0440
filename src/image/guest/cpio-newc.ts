/** One member of a cpio archive. Directories and device nodes carry no data. */
export type CpioEntry =
  | { readonly kind: "dir"; readonly path: string; readonly mode: number }
  | { readonly kind: "file"; readonly path: string; readonly mode: number; readonly data: Buffer }
  | {
      readonly kind: "char";
      readonly path: string;
      readonly mode: number;
      readonly major: number;
      readonly minor: number;
    };

const typeBits = { dir: 0o040000, file: 0o100000, char: 0o020000 } as const;

/**
 * An SVR4 "newc" cpio archive (the format the kernel unpacks as an initramfs) holding
 * `entries` in order, owned by root, with mtime 0 and inode numbers by position: the same
 * entries always give the same bytes. Paths are relative to the archive root ("init",
 * "lib/modules"); parents must come before their children.
 */
export function cpioNewc(entries: readonly CpioEntry[]): Buffer {
  const parts: Buffer[] = [];
  entries.forEach((entry, index) => {
    const data = entry.kind === "file" ? entry.data : Buffer.alloc(0);
    const device = entry.kind === "char" ? [entry.major, entry.minor] : [0, 0];
    parts.push(
      header(entry.path, {
        ino: index + 1,
        mode: typeBits[entry.kind] | (entry.mode & 0o7777),
        nlink: entry.kind === "dir" ? 2 : 1,
        size: data.length,
        rdevmajor: device[0] ?? 0,
        rdevminor: device[1] ?? 0,
      }),
      data,
      padding(data.length),
    );
  });
  parts.push(
    header("TRAILER!!!", { ino: 0, mode: 0, nlink: 1, size: 0, rdevmajor: 0, rdevminor: 0 }),
  );
  const body = Buffer.concat(parts);
  // Pad the archive to a 512-byte block, as cpio(1) does.
  return Buffer.concat([body, Buffer.alloc((512 - (body.length % 512)) % 512)]);
}

interface HeaderFields {
  readonly ino: number;
  readonly mode: number;
  readonly nlink: number;
  readonly size: number;
  readonly rdevmajor: number;
  readonly rdevminor: number;
}

function header(path: string, f: HeaderFields): Buffer {
  if (path.startsWith("/") || path.includes("\0")) throw new Error(`cpio: bad path ${path}`);
  const name = Buffer.from(`${path}\0`, "utf8");
  const hex = (n: number): string => {
    if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new Error(`cpio: ${n} out of range`);
    return n.toString(16).padStart(8, "0");
  };
  const fields = [
    f.ino,
    f.mode,
    0,
    0,
    f.nlink,
    0,
    f.size,
    0,
    0,
    f.rdevmajor,
    f.rdevminor,
    name.length,
    0,
  ];
  const head = Buffer.from(`070701${fields.map(hex).join("")}`, "ascii");
  // The 110-byte header plus the name is padded to a multiple of 4.
  return Buffer.concat([head, name, padding(head.length + name.length)]);
}

function padding(length: number): Buffer {
  return Buffer.alloc((4 - (length % 4)) % 4);
}
