import type { PortRange, TransportProtocol } from "./network-policy.js";

/** `a` alone, or `{ a, b }`: an nft anonymous set only where there is more than one item. */
export function braced(items: readonly string[]): string {
  return items.length === 1 ? (items[0] ?? "") : `{ ${items.join(", ")} }`;
}

/**
 * One destination match per family present in `cidrs` (canonical CIDR or address text):
 * `ip daddr { 10.0.0.0/8, 192.168.0.0/16 }`, `ip6 daddr fc00::/7`.
 */
export function daddrMatches(cidrs: readonly string[]): string[] {
  const v4 = cidrs.filter((c) => !c.includes(":"));
  const v6 = cidrs.filter((c) => c.includes(":"));
  const out: string[] = [];
  if (v4.length > 0) out.push(`ip daddr ${braced(v4)}`);
  if (v6.length > 0) out.push(`ip6 daddr ${braced(v6)}`);
  return out;
}

/**
 * The transport part of an allowlist match. Only TCP and UDP are ever allowlisted: `both`
 * with every port is `meta l4proto { tcp, udp }`, never "any protocol".
 */
export function transportMatch(
  protocol: TransportProtocol,
  ports: readonly PortRange[] | "all",
): string {
  const proto = protocol === "both" ? "{ tcp, udp }" : protocol;
  if (ports === "all") return `meta l4proto ${proto}`;
  const dports = braced(
    ports.map((r) => (r.first === r.last ? `${r.first}` : `${r.first}-${r.last}`)),
  );
  if (protocol === "both") return `meta l4proto { tcp, udp } th dport ${dports}`;
  return `${protocol} dport ${dports}`;
}
