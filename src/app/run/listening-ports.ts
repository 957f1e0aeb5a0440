/**
 * The TCP ports in LISTEN state in the text of /proc/net/tcp and /proc/net/tcp6 (the
 * kernel's table: `sl local_address rem_address st ...`, addresses as `HEX:PORTHEX`, state
 * `0A` = LISTEN), ascending. Lines that are not table rows are ignored.
 */
export function listeningPorts(text: string): readonly number[] {
  const ports = new Set<number>();
  for (const line of text.split("\n")) {
    const fields = line.trim().split(/\s+/);
    const local = fields[1];
    if (fields[3] !== "0A" || local === undefined) continue;
    const match = /:([0-9A-Fa-f]{4})$/.exec(local);
    if (match?.[1] !== undefined) ports.add(parseInt(match[1], 16));
  }
  return [...ports].sort((a, b) => a - b);
}
