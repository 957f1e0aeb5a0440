/** Dotted-quad text of a 4-byte IPv4 address. */
export function ipv4Text(bytes: Uint8Array): string {
  if (bytes.length !== 4) throw new RangeError("an IPv4 address has 4 bytes");
  return Array.from(bytes).join(".");
}

/**
 * RFC 5952 canonical text of a 16-byte IPv6 address: lowercase hex, no leading zeros, the
 * longest run (first on a tie) of two or more zero groups written as `::`.
 */
export function ipv6Text(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new RangeError("an IPv6 address has 16 bytes");
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
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
