/** One member of a test archive. */
export interface TarSpec {
  readonly name: string;
  readonly type?: "file" | "dir" | "symlink" | "hardlink" | "fifo";
  readonly content?: string | Buffer;
  readonly mode?: number;
  readonly uid?: number;
  readonly gid?: number;
  readonly linkName?: string;
  /**
   * How a long name and link name are written: a pax `x` record (as Docker and buildkit
   * do) or GNU `L`/`K` members. Default: ustar only (up to 100 bytes).
   */
  readonly longNames?: "pax" | "gnu";
}

type Flag = "0" | "1" | "2" | "5" | "6" | "x" | "L" | "K";

/**
 * A tar archive of `entries`, written byte by byte so tests can make archives no tar tool
 * would (names with `..`, links planted to escape).
 */
export function makeTar(entries: readonly TarSpec[]): Buffer {
  const blocks: Buffer[] = [];
  for (const spec of entries) {
    const content = Buffer.isBuffer(spec.content) ? spec.content : Buffer.from(spec.content ?? "");
    const type = spec.type ?? "file";
    const flag = ({ file: "0", dir: "5", symlink: "2", hardlink: "1", fifo: "6" } as const)[type];
    const linkName = spec.linkName ?? "";
    if (spec.longNames === "pax") {
      const records = [`path=${spec.name}`, ...(linkName === "" ? [] : [`linkpath=${linkName}`])];
      member(blocks, "PaxHeader", "x", Buffer.from(records.map(paxRecord).join("")), spec, "");
    } else if (spec.longNames === "gnu") {
      member(blocks, "././@LongLink", "L", Buffer.from(`${spec.name}\0`), spec, "");
      if (linkName !== "") {
        member(blocks, "././@LongLink", "K", Buffer.from(`${linkName}\0`), spec, "");
      }
    }
    member(blocks, spec.name, flag, type === "file" ? content : Buffer.alloc(0), spec, linkName);
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

function member(
  blocks: Buffer[],
  name: string,
  flag: Flag,
  data: Buffer,
  spec: TarSpec,
  linkName: string,
): void {
  const header = Buffer.alloc(512);
  header.write(name.slice(0, 100), 0, 100, "utf8");
  writeOctal(header, 100, 8, spec.mode ?? (flag === "5" ? 0o755 : 0o644));
  writeOctal(header, 108, 8, spec.uid ?? 0);
  writeOctal(header, 116, 8, spec.gid ?? 0);
  writeOctal(header, 124, 12, data.length);
  writeOctal(header, 136, 12, 1_700_000_000);
  header.write(flag, 156, "latin1");
  header.write(linkName.slice(0, 100), 157, 100, "utf8");
  header.write("ustar\0", 257, "latin1");
  header.write("00", 263, "latin1");
  header.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, "latin1");
  blocks.push(header);
  if (data.length > 0) blocks.push(data, Buffer.alloc((512 - (data.length % 512)) % 512));
}

/** `<length> key=value\n`, the length counting itself. */
function paxRecord(text: string): string {
  const body = ` ${text}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) length++;
  return `${length}${body}`;
}

function writeOctal(header: Buffer, offset: number, length: number, value: number): void {
  header.write(`${value.toString(8).padStart(length - 1, "0")}\0`, offset, length, "latin1");
}
