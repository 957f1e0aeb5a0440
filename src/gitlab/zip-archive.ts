import { crc32, deflateRawSync, inflateRawSync } from "node:zlib";
import { AirlockError } from "../core/airlock-error.js";

/** One member of a zip archive: a file with its bytes, or a directory (`data` empty). */
export interface ZipEntry {
  /** Relative, `/`-separated; directories end with `/`. */
  readonly path: string;
  readonly data: Uint8Array;
  /** Unix permission bits (e.g. 0o755). */
  readonly mode: number;
}

/**
 * A zip archive as GitLab's artifacts are (deflated members, Unix modes in the external
 * attributes, UTF-8 names). No zip64: members and the archive stay under 4 GiB.
 */
export function createZip(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.path, "utf8");
    const isDir = entry.path.endsWith("/");
    const deflated = isDir ? Buffer.alloc(0) : deflateRawSync(entry.data);
    const checksum = crc32(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(isDir ? 0 : 8, 8);
    local.writeUInt32LE(checksum, 14);
    local.writeUInt32LE(deflated.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(isDir ? 0 : 8, 10);
    central.writeUInt32LE(checksum, 16);
    central.writeUInt32LE(deflated.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    const type = isDir ? 0o040000 : 0o100000;
    central.writeUInt32LE((type | (entry.mode & 0o7777)) * 0x10000 + (isDir ? 0x10 : 0), 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, deflated);
    centrals.push(central, name);
    offset += local.length + name.length + deflated.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * The members of a zip archive (stored or deflated; symlinks and other special members are
 * skipped). Names are returned as written: the caller must refuse absolute paths and `..`.
 * Throws AIRLOCK_E_GITLAB_PAYLOAD for an archive it cannot read or a member above `maxBytes`.
 */
export function readZip(archive: Uint8Array, maxBytes: number): readonly ZipEntry[] {
  const bytes = Buffer.from(archive.buffer, archive.byteOffset, archive.byteLength);
  const fail = (why: string): AirlockError =>
    new AirlockError("AIRLOCK_E_GITLAB_PAYLOAD", `artifacts archive: ${why}`);
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 65_557); at--) {
    if (bytes.readUInt32LE(at) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) throw fail("not a zip file (no end of central directory)");
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let index = 0; index < count; index++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== 0x02014b50) {
      throw fail("corrupt central directory");
    }
    const method = bytes.readUInt16LE(at + 10);
    const compressed = bytes.readUInt32LE(at + 20);
    const size = bytes.readUInt32LE(at + 24);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const external = bytes.readUInt32LE(at + 38);
    const localAt = bytes.readUInt32LE(at + 42);
    const path = bytes.toString("utf8", at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    const unixMode = external >>> 16;
    const type = unixMode & 0o170000;
    const isDir = path.endsWith("/") || type === 0o040000;
    if (type !== 0 && type !== 0o100000 && type !== 0o040000) continue;
    if (size > maxBytes) throw fail(`${path} is larger than ${maxBytes} bytes`);
    if (localAt + 30 > bytes.length || bytes.readUInt32LE(localAt) !== 0x04034b50) {
      throw fail(`corrupt member ${path}`);
    }
    const dataAt =
      localAt + 30 + bytes.readUInt16LE(localAt + 26) + bytes.readUInt16LE(localAt + 28);
    const raw = bytes.subarray(dataAt, dataAt + compressed);
    let data: Buffer;
    if (isDir) data = Buffer.alloc(0);
    else if (method === 0) data = Buffer.from(raw);
    else if (method === 8) data = inflateRawSync(raw, { maxOutputLength: Math.max(1, maxBytes) });
    else throw fail(`${path} uses compression method ${method}`);
    if (!isDir && data.length !== size) throw fail(`${path} has the wrong size`);
    const mode = unixMode & 0o7777;
    entries.push({
      path: isDir && !path.endsWith("/") ? `${path}/` : path,
      data,
      mode: mode === 0 ? (isDir ? 0o755 : 0o644) : mode,
    });
  }
  return entries;
}
