// Reviewed data: the destination classes a sandbox's traffic is dropped for, each with the
// counter that counts it and the reason written into every nftables rule built from it.
//
// Contract:
// - `always` classes are dropped under every policy that has a network, before any
//   allowlist entry is looked at; parseAllowList refuses an entry lying entirely inside one.
// - `private` classes are dropped unless an allowlist CIDR entry lies entirely inside the
//   class (see NetworkPolicy): listing is how a private host is reached.
// - classes are listed in evaluation order; `metadata` comes first so that metadata
//   addresses inside a broader class (169.254/16, 100.64/10, fc00::/7) count as metadata.
// - other sandboxes (the address pool) are an `always` class too, but the pool is
//   configuration, so compile-ruleset.ts adds that class itself.
// - a reason is at most 128 bytes and has no double quote: nft stores it as the comment.
import { builtinCidr, cidrContains, type Cidr } from "./cidr.js";

export type DestinationClassId =
  | "metadata"
  | "link_local"
  | "loopback"
  | "this_network"
  | "multicast"
  | "broadcast"
  | "v4_mapped"
  | "nat64_private"
  | "private_10"
  | "private_172"
  | "private_192"
  | "shared_cgnat"
  | "unique_local";

export interface DestinationClass {
  readonly id: DestinationClassId;
  readonly scope: "always" | "private";
  /** Canonical CIDR text, IPv4 and IPv6 mixed. */
  readonly cidrs: readonly string[];
  readonly reason: string;
}

export const destinationClasses: readonly DestinationClass[] = [
  {
    id: "metadata",
    scope: "always",
    cidrs: ["169.254.169.254/32", "100.100.100.200/32", "fd00:ec2::254/128"],
    reason:
      "cloud metadata service (AWS, GCP, Azure, Alibaba, AWS IPv6): hands out the host's cloud credentials",
  },
  {
    id: "link_local",
    scope: "always",
    cidrs: ["169.254.0.0/16", "fe80::/10"],
    reason: "link-local: the host's own links and metadata-style services, never a CI destination",
  },
  {
    id: "loopback",
    scope: "always",
    cidrs: ["127.0.0.0/8", "::1/128"],
    reason: "loopback via the host: host-only services (CVE-2020-8558 when route_localnet is on)",
  },
  {
    id: "this_network",
    scope: "always",
    cidrs: ["0.0.0.0/8", "::/128"],
    reason: "0/8 and :: are not destinations; some stacks deliver them to the host itself",
  },
  {
    id: "multicast",
    scope: "always",
    cidrs: ["224.0.0.0/4", "ff00::/8"],
    reason:
      "multicast: reaches the host and its neighbours (mDNS, LLMNR, SSDP), not one chosen peer",
  },
  {
    id: "broadcast",
    scope: "always",
    cidrs: ["255.255.255.255/32"],
    reason: "limited broadcast: reaches the host and everything on its links",
  },
  {
    id: "v4_mapped",
    scope: "always",
    cidrs: ["::ffff:0:0/96"],
    reason: "IPv4-mapped IPv6: an IPv4 address in disguise, would bypass the IPv4 rules",
  },
  {
    id: "nat64_private",
    scope: "always",
    cidrs: [
      "64:ff9b::a00:0/104",
      "64:ff9b::ac10:0/108",
      "64:ff9b::c0a8:0/112",
      "64:ff9b::6440:0/106",
      "64:ff9b::a9fe:0/112",
      "64:ff9b::7f00:0/104",
    ],
    reason:
      "NAT64 of private, shared, link-local or loopback IPv4: a private IPv4 host in disguise",
  },
  {
    id: "private_10",
    scope: "private",
    cidrs: ["10.0.0.0/8"],
    reason: "private 10/8: the host's LAN and internal services; list a CIDR inside it to allow",
  },
  {
    id: "private_172",
    scope: "private",
    cidrs: ["172.16.0.0/12"],
    reason: "private 172.16/12 (Docker bridges live here); list a CIDR inside it to allow",
  },
  {
    id: "private_192",
    scope: "private",
    cidrs: ["192.168.0.0/16"],
    reason: "private 192.168/16: home and office LANs; list a CIDR inside it to allow",
  },
  {
    id: "shared_cgnat",
    scope: "private",
    cidrs: ["100.64.0.0/10"],
    reason:
      "shared 100.64/10: carrier NAT and overlay VPNs (Tailscale); list a CIDR inside it to allow",
  },
  {
    id: "unique_local",
    scope: "private",
    cidrs: ["fc00::/7"],
    reason: "IPv6 unique local fc00::/7: private networks; list a CIDR inside it to allow",
  },
];

const parsed = destinationClasses.map((c) => ({ class: c, cidrs: c.cidrs.map(builtinCidr) }));

/** The first class of `scope` whose CIDRs contain all of `cidr`, if any. */
export function enclosingClass(
  cidr: Cidr,
  scope: DestinationClass["scope"],
): DestinationClass | undefined {
  return parsed.find((p) => p.class.scope === scope && p.cidrs.some((c) => cidrContains(c, cidr)))
    ?.class;
}
