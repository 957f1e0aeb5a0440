import { AirlockError } from "../../core/airlock-error.js";
import { parseCidr } from "./cidr.js";
import { enclosingClass } from "./destination-classes.js";
import { formatIpAddress, parseIpAddress } from "./ip-address.js";
import {
  formatAllowEntry,
  formatPorts,
  type AllowEntry,
  type PortRange,
  type TransportProtocol,
} from "./network-policy.js";
import { daddrMatches, transportMatch } from "./nft-matches.js";
import { fitComment, nftRule, type NftRule, type NftSet } from "./nft-ruleset.js";
import type { CounterCollector } from "./ruleset-counters.js";

/** Where the DNS forwarder pins the addresses it resolves for one allowlisted host name. */
export interface HostPinSets {
  readonly host: string;
  readonly ipv4Set: string;
  readonly ipv6Set: string;
}

/**
 * The accept rules of an allowlist, in the two places of the egress chain they belong
 * (NetworkPolicy's reach contract): CIDRs inside a private range go before the private-range
 * drops; public CIDRs and the pinned host-name sets go after them, so neither a broad CIDR
 * nor a name resolving to a private address opens a private range.
 */
export interface AllowlistEgress {
  readonly beforePrivateDrops: readonly NftRule[];
  readonly afterPrivateDrops: readonly NftRule[];
  readonly sets: readonly NftSet[];
  readonly hostSets: readonly HostPinSets[];
}

interface PortSpec {
  readonly ports: readonly PortRange[] | "all";
  readonly protocol: TransportProtocol;
}

interface SetGroup {
  readonly spec: PortSpec;
  readonly ipv4Set: string;
  readonly ipv6Set: string;
  readonly hosts: string[];
  readonly v4: Set<string>;
  readonly v6: Set<string>;
}

function bug(message: string): AirlockError {
  return new AirlockError("AIRLOCK_E_INTERNAL", `allowlist ruleset: ${message}`);
}

/**
 * Host names sharing ports and protocol share a pair of sets: `allow4`/`allow6` for every
 * port over TCP and UDP (always declared), `allow4_tcp_443`, `allow4_both_80_443`,
 * `allow4_udp_8000to8100`... or `allow4_ports<n>` where that would be long.
 */
function setNames(spec: PortSpec, index: number): { ipv4Set: string; ipv6Set: string } {
  if (spec.ports === "all" && spec.protocol === "both")
    return { ipv4Set: "allow4", ipv6Set: "allow6" };
  const ports = spec.ports === "all" ? "all" : formatPorts(spec.ports).replaceAll("+", "_");
  const suffix = `${spec.protocol}_${ports.replaceAll("-", "to")}`;
  const short = suffix.length <= 40 ? suffix : `ports${index}`;
  return { ipv4Set: `allow4_${short}`, ipv6Set: `allow6_${short}` };
}

function describe(spec: PortSpec): string {
  const ports = spec.ports === "all" ? "all ports" : `ports ${formatPorts(spec.ports)}`;
  return `${ports}, ${spec.protocol === "both" ? "tcp and udp" : spec.protocol}`;
}

/**
 * The allowlist's share of the egress chain. `resolved` pre-fills the sets of host names
 * (by entry name); an address that does not parse is the caller's bug.
 */
export function allowlistEgress(
  entries: readonly AllowEntry[],
  resolved: ReadonlyMap<string, readonly string[]>,
  counters: CounterCollector,
): AllowlistEgress {
  const beforePrivateDrops: NftRule[] = [];
  const publicCidrs: NftRule[] = [];
  const groups = new Map<string, SetGroup>();
  const groupFor = (spec: PortSpec): SetGroup => {
    const key = `${spec.protocol} ${spec.ports === "all" ? "all" : formatPorts(spec.ports)}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = { spec, ...setNames(spec, groups.size), hosts: [], v4: new Set(), v6: new Set() };
      groups.set(key, group);
    }
    return group;
  };
  groupFor({ ports: "all", protocol: "both" });
  const hostSets: HostPinSets[] = [];
  for (const entry of entries) {
    const transport = transportMatch(entry.protocol, entry.ports);
    if (entry.target.kind === "cidr") {
      const parsed = parseCidr(entry.target.cidr);
      if (!parsed.ok) throw bug(`bad CIDR ${entry.target.cidr}`);
      const into =
        enclosingClass(parsed.cidr, "private") === undefined ? publicCidrs : beforePrivateDrops;
      const [daddr] = daddrMatches([entry.target.cidr]);
      into.push(
        nftRule(
          `${daddr ?? ""} ${transport}`,
          "accept",
          counters.use("accept_listed"),
          `allowlist entry ${formatAllowEntry(entry)}`,
        ),
      );
      continue;
    }
    const { name } = entry.target;
    const group = groupFor({ ports: entry.ports, protocol: entry.protocol });
    group.hosts.push(name);
    hostSets.push({ host: name, ipv4Set: group.ipv4Set, ipv6Set: group.ipv6Set });
    for (const text of resolved.get(name) ?? []) {
      const address = parseIpAddress(text);
      if (address === undefined) throw bug(`"${text}" resolved for ${name} is not an address`);
      (address.family === 4 ? group.v4 : group.v6).add(formatIpAddress(address));
    }
  }
  const sets: NftSet[] = [];
  const setRules: NftRule[] = [];
  for (const group of groups.values()) {
    const what = describe(group.spec);
    const hosts = group.hosts.length === 0 ? "no host listed yet" : group.hosts.join(" ");
    const transport = transportMatch(group.spec.protocol, group.spec.ports);
    const reason = `pinned addresses of allowlisted ${hosts} (${what})`;
    sets.push(
      {
        name: group.ipv4Set,
        type: "ipv4_addr",
        comment: fitComment(`pinned IPv4 of ${hosts} (${what})`),
        elements: [...group.v4],
      },
      {
        name: group.ipv6Set,
        type: "ipv6_addr",
        comment: fitComment(`pinned IPv6 of ${hosts} (${what})`),
        elements: [...group.v6],
      },
    );
    setRules.push(
      nftRule(
        `ip daddr @${group.ipv4Set} ${transport}`,
        "accept",
        counters.use("accept_listed"),
        reason,
      ),
      nftRule(
        `ip6 daddr @${group.ipv6Set} ${transport}`,
        "accept",
        counters.use("accept_listed"),
        reason,
      ),
    );
  }
  return { beforePrivateDrops, afterPrivateDrops: [...publicCidrs, ...setRules], sets, hostSets };
}

/**
 * The sets a resolved `name` (question name, any case, trailing dot or not) is pinned into:
 * those of every entry naming it exactly, or naming `*.` a domain above it. Deduplicated.
 */
export function pinSetsFor(hostSets: readonly HostPinSets[], name: string): HostPinSets[] {
  const lower = name.toLowerCase().replace(/\.$/, "");
  const matching = hostSets.filter(
    (s) => s.host === lower || (s.host.startsWith("*.") && lower.endsWith(s.host.slice(1))),
  );
  return matching.filter((s, i) => matching.findIndex((m) => m.ipv4Set === s.ipv4Set) === i);
}
