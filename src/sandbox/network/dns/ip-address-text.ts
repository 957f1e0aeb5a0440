import { formatIpAddress } from "../ip-address.js";

/** Canonical text (dotted quad, or RFC 5952) of an address as DNS carries it: raw bytes. */
function textOf(bytes: Uint8Array, family: 4 | 6): string {
  const value = Array.from(bytes).reduce((sum, byte) => (sum << 8n) | BigInt(byte), 0n);
  return formatIpAddress({ family, value });
}

/** Dotted-quad text of a 4-byte IPv4 address. */
export function ipv4Text(bytes: Uint8Array): string {
  if (bytes.length !== 4) throw new RangeError("an IPv4 address has 4 bytes");
  return textOf(bytes, 4);
}

/** RFC 5952 canonical text of a 16-byte IPv6 address. */
export function ipv6Text(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new RangeError("an IPv6 address has 16 bytes");
  return textOf(bytes, 6);
}
