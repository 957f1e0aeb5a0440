import { crc32, deflateRawSync } from "node:zlib";

/** One file of a gzip report: `name` is its base name, `path` its path in the workspace. */
export interface GzipMember {
  readonly name: string;
  readonly path: string;
  readonly mtimeMs: number;
  readonly data: Uint8Array;
}

const fname = 0x08;
const fcomment = 0x10;
const osUnknown = 255;

/**
 * GitLab Runner's gzip artifact format (helpers/archives CreateGzipArchive): one gzip member
 * per file, concatenated in the given order, each header naming the file (base name) with
 * its path as the comment and its mtime. GitLab reads the members one after the other.
 * Header text that is not printable ASCII (or holds `%`) is written `e:` + URL-escaped, as
 * the runner does for the comment, so the header stays ISO 8859-1.
 */
export function gzipMembers(members: readonly GzipMember[]): Buffer {
  return Buffer.concat(members.flatMap((member) => [...memberParts(member)]));
}

function memberParts(member: GzipMember): Buffer[] {
  const header = Buffer.alloc(10);
  header.set([0x1f, 0x8b, 8, fname | fcomment]);
  header.writeUInt32LE(Math.max(0, Math.floor(member.mtimeMs / 1000)) >>> 0, 4);
  header[8] = 0;
  header[9] = osUnknown;
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(member.data) >>> 0, 0);
  trailer.writeUInt32LE(member.data.length % 2 ** 32, 4);
  return [
    header,
    headerText(member.name),
    headerText(member.path),
    deflateRawSync(member.data),
    trailer,
  ];
}

/** A zero-terminated ISO 8859-1 header field. */
function headerText(text: string): Buffer {
  const safe = /^[\x20-\x7e]*$/.test(text) && !text.includes("%");
  const value = safe ? text : `e:${encodeURIComponent(text)}`;
  return Buffer.concat([Buffer.from(value, "latin1"), Buffer.of(0)]);
}
