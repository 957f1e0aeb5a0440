/**
 * A domain name as its labels, each a latin1 string holding the label's raw bytes (so any
 * byte, including `.`, survives a round trip), case preserved, without the root label.
 * `[]` is the root name.
 */
export type DnsName = readonly string[];

/** RFC 1035 limits: 63 bytes per label, 255 bytes for the whole name on the wire. */
export const maxLabelBytes = 63;
export const maxNameWireBytes = 255;

export interface ReadName {
  readonly name: DnsName;
  /** Offset just after the name where it started (after the first pointer, if any). */
  readonly next: number;
}

/**
 * Reads a possibly compressed name at `start`, or returns undefined when it is malformed.
 * Defensive rules: every read is bounds-checked; a compression pointer must point strictly
 * before the start of the label run it ends (so loops are impossible and reading always
 * terminates); label types 0x40/0x80 are rejected; labels and the whole name keep to
 * RFC 1035's limits.
 */
export function readDnsName(message: Uint8Array, start: number): ReadName | undefined {
  const labels: string[] = [];
  let wireBytes = 1; // the final root label
  let position = start;
  let runStart = start;
  let next = -1;
  for (;;) {
    const length = message[position];
    if (length === undefined) return undefined;
    if ((length & 0xc0) === 0xc0) {
      const low = message[position + 1];
      if (low === undefined) return undefined;
      const target = ((length & 0x3f) << 8) | low;
      if (target >= runStart) return undefined;
      if (next === -1) next = position + 2;
      position = target;
      runStart = target;
      continue;
    }
    if ((length & 0xc0) !== 0) return undefined;
    if (length === 0) return { name: labels, next: next === -1 ? position + 1 : next };
    const end = position + 1 + length;
    if (end > message.length) return undefined;
    wireBytes += length + 1;
    if (wireBytes > maxNameWireBytes) return undefined;
    labels.push(
      Buffer.from(message.buffer, message.byteOffset + position + 1, length).toString("latin1"),
    );
    position = end;
  }
}

/** The uncompressed wire form of a name (labels must respect the RFC 1035 limits). */
export function writeDnsName(name: DnsName): Buffer {
  const parts: Buffer[] = [];
  for (const label of name) {
    const bytes = Buffer.from(label, "latin1");
    if (bytes.length === 0 || bytes.length > maxLabelBytes) throw new RangeError("bad DNS label");
    parts.push(Buffer.from([bytes.length]), bytes);
  }
  parts.push(Buffer.from([0]));
  const wire = Buffer.concat(parts);
  if (wire.length > maxNameWireBytes) throw new RangeError("DNS name too long");
  return wire;
}

/** ASCII-only lowercase (DNS compares names case-insensitively for A-Z only, RFC 4343). */
export function lowerDnsLabel(label: string): string {
  return label.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

export function dnsNamesEqual(a: DnsName, b: DnsName): boolean {
  return (
    a.length === b.length &&
    a.every((label, i) => lowerDnsLabel(label) === lowerDnsLabel(b[i] ?? ""))
  );
}

/**
 * Presentation text for logs and callbacks: lowercase, no trailing dot (`.` for the root),
 * and every byte outside `[a-z0-9_-]` escaped as `\DDD` (a `.` inside a label as `\.`), so
 * a hostile name can neither inject control characters into a log nor pass for a
 * different name.
 */
export function dnsNameText(name: DnsName): string {
  if (name.length === 0) return ".";
  return name
    .map((label) =>
      Array.from(lowerDnsLabel(label), (c) => {
        if (/[a-z0-9_-]/.test(c)) return c;
        if (c === ".") return "\\.";
        return `\\${c.charCodeAt(0).toString().padStart(3, "0")}`;
      }).join(""),
    )
    .join(".");
}
