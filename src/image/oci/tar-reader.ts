import { ByteReader } from "./byte-reader.js";

export type TarEntryType =
  "file" | "hardlink" | "symlink" | "directory" | "char" | "block" | "fifo";

/** One archive member, its name and link target as written (unchecked: see safe-entry-path). */
export interface TarEntry {
  readonly name: string;
  readonly type: TarEntryType;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  /** Seconds since the epoch. */
  readonly mtime: number;
  readonly linkName: string;
  readonly size: number;
}

/** Thrown for an archive that is not a well-formed tar; the message says where. */
export class TarFormatError extends Error {
  override readonly name = "TarFormatError";
}

const block = 512;

/**
 * Reads a tar stream (POSIX ustar, pax `x`/`g` headers, GNU `L`/`K` long names, base-256
 * numbers). Yields each entry with a body reader; the body must be read before asking for
 * the next entry (what is left unread is skipped). Stops at the first zero block; a
 * truncated archive, a bad header checksum or an unknown entry type (sparse, multi-volume)
 * throws TarFormatError.
 */
export async function* readTar(source: AsyncIterable<Uint8Array>): AsyncGenerator<{
  entry: TarEntry;
  body: (onChunk: (chunk: Buffer) => Promise<void>) => Promise<void>;
}> {
  const reader = new ByteReader(source);
  let pax = new Map<string, string>();
  const globalPax = new Map<string, string>();
  let longName: string | undefined;
  let longLink: string | undefined;
  for (let index = 0; ; index++) {
    const header = await reader.read(block);
    if (header.length === 0) return; // no end-of-archive blocks: tolerated, as GNU tar does
    if (header.length < block) throw new TarFormatError(`truncated header of entry ${index}`);
    if (header.every((b) => b === 0)) return;
    checkChecksum(header, index);
    const flag = String.fromCharCode(header[156] ?? 0);
    const size = numberField(header, 124, 12, index);
    const padded = Math.ceil(size / block) * block;
    if (flag === "x" || flag === "g" || flag === "L" || flag === "K") {
      if (size > 1024 * 1024) throw new TarFormatError(`metadata entry ${index} is too large`);
      const data = await reader.read(padded);
      if (data.length < padded) throw new TarFormatError(`truncated metadata entry ${index}`);
      const content = data.subarray(0, size);
      if (flag === "x") pax = parsePax(content, index);
      else if (flag === "g") for (const [k, v] of parsePax(content, index)) globalPax.set(k, v);
      else if (flag === "L") longName = cString(content);
      else longLink = cString(content);
      continue;
    }
    const attrs = new Map([...globalPax, ...pax]);
    pax = new Map();
    const ustar = header.subarray(257, 263).toString("latin1") === "ustar\0";
    const prefix = ustar ? cString(header.subarray(345, 500)) : "";
    const rawName = cString(header.subarray(0, 100));
    const name =
      attrs.get("path") ?? longName ?? (prefix === "" ? rawName : `${prefix}/${rawName}`);
    const linkName = attrs.get("linkpath") ?? longLink ?? cString(header.subarray(157, 257));
    longName = undefined;
    longLink = undefined;
    const entrySize = paxNumber(attrs, "size") ?? size;
    const type = entryType(flag, name, index);
    const entry: TarEntry = {
      name,
      type,
      mode: numberField(header, 100, 8, index) & 0o7777,
      uid: paxNumber(attrs, "uid") ?? numberField(header, 108, 8, index),
      gid: paxNumber(attrs, "gid") ?? numberField(header, 116, 8, index),
      mtime: Math.floor(paxNumber(attrs, "mtime") ?? numberField(header, 136, 12, index)),
      linkName,
      size: type === "file" ? entrySize : 0,
    };
    // Only regular files carry data we use; any other type's data (rare) is skipped.
    let left = entrySize;
    const body = async (onChunk: (chunk: Buffer) => Promise<void>): Promise<void> => {
      while (left > 0) {
        const chunk = await reader.readSome(Math.min(left, 1024 * 1024));
        if (chunk.length === 0) throw new TarFormatError(`truncated data of ${name}`);
        left -= chunk.length;
        await onChunk(chunk);
      }
    };
    yield { entry, body };
    await body(() => Promise.resolve());
    const padding = Math.ceil(entrySize / block) * block - entrySize;
    if ((await reader.read(padding)).length < padding) {
      throw new TarFormatError(`truncated padding after ${name}`);
    }
  }
}

function entryType(flag: string, name: string, index: number): TarEntryType {
  switch (flag) {
    case "0":
    case "\0":
    case "7":
      return name.endsWith("/") ? "directory" : "file";
    case "1":
      return "hardlink";
    case "2":
      return "symlink";
    case "3":
      return "char";
    case "4":
      return "block";
    case "5":
      return "directory";
    case "6":
      return "fifo";
    default:
      throw new TarFormatError(`entry ${index} (${name}) has the unsupported type "${flag}"`);
  }
}

function checkChecksum(header: Buffer, index: number): void {
  let sum = 0;
  for (let i = 0; i < block; i++) sum += i >= 148 && i < 156 ? 32 : (header[i] ?? 0);
  const stored = parseInt(cString(header.subarray(148, 156)).trim() || "-1", 8);
  if (stored !== sum) throw new TarFormatError(`bad header checksum at entry ${index}`);
}

/** An octal field, or GNU base-256 when the first byte has its high bit set. */
function numberField(header: Buffer, offset: number, length: number, index: number): number {
  const field = header.subarray(offset, offset + length);
  if (((field[0] ?? 0) & 0x80) !== 0) {
    let value = (field[0] ?? 0) & 0x7f;
    for (let i = 1; i < field.length; i++) value = value * 256 + (field[i] ?? 0);
    if (!Number.isSafeInteger(value))
      throw new TarFormatError(`number too large in entry ${index}`);
    return value;
  }
  const text = cString(field).trim();
  if (text === "") return 0;
  if (!/^[0-7]+$/.test(text)) throw new TarFormatError(`bad number "${text}" in entry ${index}`);
  return parseInt(text, 8);
}

function parsePax(data: Buffer, index: number): Map<string, string> {
  const out = new Map<string, string>();
  let offset = 0;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    const length = Number(data.subarray(offset, space).toString("latin1"));
    if (space < 0 || !Number.isInteger(length) || length <= 0 || offset + length > data.length) {
      throw new TarFormatError(`bad pax record in entry ${index}`);
    }
    const record = data.subarray(space + 1, offset + length - 1).toString("utf8");
    const equals = record.indexOf("=");
    if (equals > 0) out.set(record.slice(0, equals), record.slice(equals + 1));
    offset += length;
  }
  return out;
}

function paxNumber(attrs: ReadonlyMap<string, string>, key: string): number | undefined {
  const text = attrs.get(key);
  if (text === undefined) return undefined;
  const value = Number(text);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

function cString(bytes: Buffer): string {
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end < 0 ? bytes.length : end).toString("utf8");
}
