/**
 * IP addresses as (family, 128- or 32-bit integer) pairs, parsed strictly from text and
 * printed canonically. Pure: no resolver, no `node:net`, so the rules are ours and testable.
 */
export type IpFamily = 4 | 6;

export interface IpAddress {
  readonly family: IpFamily;
  readonly value: bigint;
}

/** Address width in bits for a family. */
export function familyBits(family: IpFamily): number {
  return family === 4 ? 32 : 128;
}

const octet = /^(0|[1-9][0-9]{0,2})$/;

/**
 * A dotted-quad IPv4 address, or undefined. Strict: exactly four decimal octets 0-255 and no
 * leading zeros (`010.0.0.1` is refused rather than guessed as octal or decimal).
 */
export function parseIpv4(text: string): bigint | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!octet.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

const hextet = /^[0-9a-fA-F]{1,4}$/;

/**
 * An IPv6 address in any RFC 4291 text form (`::` once at most, an optional trailing dotted
 * IPv4 part), or undefined. Zone ids (`fe80::1%eth0`) are refused: they do not name an
 * address a policy can hold.
 */
export function parseIpv6(text: string): bigint | undefined {
  if (text.includes("%")) return undefined;
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const groupsOf = (part: string): number[] | undefined => {
    if (part === "") return [];
    const out: number[] = [];
    const pieces = part.split(":");
    for (const [index, piece] of pieces.entries()) {
      if (index === pieces.length - 1 && piece.includes(".")) {
        const v4 = parseIpv4(piece);
        if (v4 === undefined) return undefined;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (hextet.test(piece)) {
        out.push(parseInt(piece, 16));
      } else {
        return undefined;
      }
    }
    return out;
  };
  const head = groupsOf(halves[0] ?? "");
  const tail = halves.length === 2 ? groupsOf(halves[1] ?? "") : [];
  if (head === undefined || tail === undefined) return undefined;
  // A dotted IPv4 part may only end the address.
  if (halves.length === 2 && head.length > 0 && (halves[0] ?? "").includes(".")) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [
    ...head,
    ...new Array<number>(halves.length === 2 ? missing : 0).fill(0),
    ...tail,
  ];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

/** An IPv4 or IPv6 address from text, or undefined. */
export function parseIpAddress(text: string): IpAddress | undefined {
  if (text.includes(":")) {
    const value = parseIpv6(text);
    return value === undefined ? undefined : { family: 6, value };
  }
  const value = parseIpv4(text);
  return value === undefined ? undefined : { family: 4, value };
}

/**
 * Canonical text: dotted quad for IPv4; RFC 5952 for IPv6 (lowercase, no leading zeros, the
 * longest run of two or more zero groups, the first on a tie, written as `::`).
 */
export function formatIpAddress(address: IpAddress): string {
  const { value } = address;
  if (address.family === 4) {
    return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join(".");
  }
  const groups: number[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(Number((value >> shift) & 0xffffn));
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (part: readonly number[]): string => part.map((g) => g.toString(16)).join(":");
  if (bestLength < 2) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
}
