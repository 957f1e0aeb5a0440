/**
 * What a sandbox's network may reach, as plain JSON-able data (it travels in runner config,
 * fleet messages and sandbox records). Ordered by reach: none ⊂ allowlist ⊂ internet.
 *
 * - `none`: loopback only. The sandbox gets no veth at all, so no packet can leave it and no
 *   name resolves; there is nothing to compile.
 * - `internet`: NAT to anywhere public. Dropped: the host (except DNS to the gateway), other
 *   sandboxes, private, shared, link-local, loopback, multicast and metadata addresses, and
 *   DNS to any resolver but the gateway's forwarder.
 * - `allowlist`: only the listed destinations, DNS only through the gateway's forwarder.
 *
 * How an allowlist entry reaches (the contract compile-ruleset.ts enforces and
 * narrow-policy.ts reasons with):
 * - addresses that are never reachable (loopback, link-local and metadata, multicast,
 *   broadcast, 0/8, IPv4-mapped IPv6, other sandboxes) stay unreachable whatever is listed;
 * - a CIDR entry lying entirely inside one private range (10/8, 172.16/12, 192.168/16,
 *   100.64/10, fc00::/7) opens that part of the range: listing is how a private host is
 *   reached;
 * - every other CIDR entry reaches public addresses only, even where it overlaps a private
 *   range (`0.0.0.0/0` means "all public IPv4");
 * - a host name reaches the public addresses it resolves to through the gateway's DNS
 *   forwarder, which pins them; never a private one (so DNS rebinding opens nothing).
 */
export type NetworkPolicy =
  | { readonly kind: "none" }
  | { readonly kind: "internet" }
  | { readonly kind: "allowlist"; readonly entries: readonly AllowEntry[] };

export type NetworkPolicyKind = NetworkPolicy["kind"];

export const networkPolicyKinds: readonly NetworkPolicyKind[] = ["none", "internet", "allowlist"];

/** `both` means TCP and UDP. Other protocols (ICMP, SCTP...) are never allowlisted. */
export type TransportProtocol = "tcp" | "udp" | "both";

/** An inclusive port range; a single port has `first === last`. Ports are 1-65535. */
export interface PortRange {
  readonly first: number;
  readonly last: number;
}

/**
 * Where an entry points. `cidr` is canonical text (`10.1.2.0/24`, `2001:db8::1/128`); `name`
 * is lowercase ASCII without a trailing dot, and `*.example.com` stands for every name below
 * example.com at any depth but not example.com itself (the DNS forwarder's rule).
 */
export type AllowTarget =
  | { readonly kind: "cidr"; readonly cidr: string }
  | { readonly kind: "host"; readonly name: string };

/**
 * One allowed destination. `ports` are sorted and merged (no two ranges overlap or touch);
 * `"all"` means every port of `protocol`.
 */
export interface AllowEntry {
  readonly target: AllowTarget;
  readonly ports: readonly PortRange[] | "all";
  readonly protocol: TransportProtocol;
}

/** `443`, `80+443`, `8000-8100`. */
export function formatPorts(ports: readonly PortRange[]): string {
  return ports.map((r) => (r.first === r.last ? `${r.first}` : `${r.first}-${r.last}`)).join("+");
}

/** `example.com`, `*.example.com`, `10.1.2.0/24`, `10.1.2.3` (a /32 or /128 is not written). */
export function formatAllowTarget(target: AllowTarget): string {
  if (target.kind === "host") return target.name;
  const single = target.cidr.includes(":") ? "/128" : "/32";
  return target.cidr.endsWith(single) ? target.cidr.slice(0, -single.length) : target.cidr;
}

/**
 * The canonical text of an entry, which parseAllowList reads back to an equal entry:
 * `example.com:443`, `10.1.2.0/24`, `[2001:db8::1]:53/udp`, `2001:db8::/32/tcp`. Single
 * addresses drop their /32 or /128; the default protocol `both` is not written.
 */
export function formatAllowEntry(entry: AllowEntry): string {
  let text = formatAllowTarget(entry.target);
  if (entry.ports !== "all") {
    text = `${text.includes(":") ? `[${text}]` : text}:${formatPorts(entry.ports)}`;
  }
  return entry.protocol === "both" ? text : `${text}/${entry.protocol}`;
}

/** One line for logs and messages: `none`, `internet`, `allowlist(example.com:443, ...)`. */
export function formatNetworkPolicy(policy: NetworkPolicy): string {
  if (policy.kind !== "allowlist") return policy.kind;
  return `allowlist(${policy.entries.map(formatAllowEntry).join(", ")})`;
}
