import { cidrContains, parseCidr, type Cidr } from "./cidr.js";
import { enclosingClass } from "./destination-classes.js";
import {
  formatAllowEntry,
  formatAllowTarget,
  formatNetworkPolicy,
  formatPorts,
  type AllowEntry,
  type AllowTarget,
  type NetworkPolicy,
  type PortRange,
  type TransportProtocol,
} from "./network-policy.js";

/** What narrowing left out: an allowlist entry, or the request for `internet` itself. */
export interface DroppedEntry {
  readonly entry: AllowEntry | "internet";
  readonly reason: string;
}

export interface NarrowedPolicy {
  readonly policy: NetworkPolicy;
  readonly dropped: readonly DroppedEntry[];
}

function entryCidr(target: AllowTarget): Cidr | undefined {
  if (target.kind !== "cidr") return undefined;
  const parsed = parseCidr(target.cidr);
  return parsed.ok ? parsed.cidr : undefined;
}

/** `*.example.com` covers every name below example.com (and itself), never example.com. */
function hostCovers(outer: string, inner: string): boolean {
  return outer === inner || (outer.startsWith("*.") && inner.endsWith(outer.slice(1)));
}

/**
 * Whether `outer` reaches every address `inner` reaches (NetworkPolicy's reach contract): a
 * CIDR inside a private range is reached only through an entry inside that range too, since
 * a wider entry (`0.0.0.0/0`) reaches public addresses only. Host names cover only host
 * names: what a CIDR holds says nothing about what a name resolves to.
 */
function targetCovers(outer: AllowTarget, inner: AllowTarget): boolean {
  if (outer.kind === "host" || inner.kind === "host") {
    return outer.kind === "host" && inner.kind === "host" && hostCovers(outer.name, inner.name);
  }
  const o = entryCidr(outer);
  const i = entryCidr(inner);
  if (o === undefined || i === undefined || !cidrContains(o, i)) return false;
  return enclosingClass(i, "private") === undefined || enclosingClass(o, "private") !== undefined;
}

function protocolCovers(outer: TransportProtocol, inner: TransportProtocol): boolean {
  return outer === "both" || outer === inner;
}

/** Outer ranges are merged (never touching), so a covered inner range fits inside one. */
function portsCover(outer: readonly PortRange[] | "all", inner: readonly PortRange[] | "all") {
  if (outer === "all") return true;
  if (inner === "all") return false;
  return inner.every((i) => outer.some((o) => o.first <= i.first && i.last <= o.last));
}

function covers(outer: AllowEntry, inner: AllowEntry): boolean {
  return (
    targetCovers(outer.target, inner.target) &&
    protocolCovers(outer.protocol, inner.protocol) &&
    portsCover(outer.ports, inner.ports)
  );
}

/** Why no entry of `outer` covers `entry`, naming the closest miss. */
function uncoveredReason(outer: readonly AllowEntry[], entry: AllowEntry): string {
  const target = formatAllowTarget(entry.target);
  const sameTarget = outer.filter((o) => targetCovers(o.target, entry.target));
  if (sameTarget.length === 0) {
    const cidr = entryCidr(entry.target);
    const privateClass = cidr === undefined ? undefined : enclosingClass(cidr, "private");
    const wider =
      cidr !== undefined &&
      outer.some((o) => {
        const oc = entryCidr(o.target);
        return oc !== undefined && cidrContains(oc, cidr);
      });
    if (privateClass !== undefined && wider) {
      return `${target} is private (${privateClass.cidrs.join(", ")}); the enclosing allowlist reaches public addresses there only`;
    }
    return `no entry of the enclosing allowlist covers ${target}`;
  }
  const withProtocol = sameTarget.filter((o) => protocolCovers(o.protocol, entry.protocol));
  if (withProtocol.length === 0) {
    const allowed = [...new Set(sameTarget.map((o) => o.protocol))].join(" or ");
    return `the enclosing allowlist allows ${target} only over ${allowed}`;
  }
  const allowed = withProtocol.map((o) => (o.ports === "all" ? "all" : formatPorts(o.ports)));
  return `the enclosing allowlist allows ${target} only on ports ${allowed.join(", ")}`;
}

/** Why an `internet` policy (`which`: "enclosing" or "requested") does not reach `entry`. */
function beyondInternet(entry: AllowEntry, which: string): string | undefined {
  const cidr = entryCidr(entry.target);
  if (cidr === undefined) return undefined;
  const target = formatAllowTarget(entry.target);
  const never = enclosingClass(cidr, "always");
  if (never !== undefined) return `${target} is never reachable (${never.id})`;
  const privateClass = enclosingClass(cidr, "private");
  if (privateClass === undefined) return undefined;
  return `${target} is private (${privateClass.cidrs.join(", ")}), which the ${which} internet policy does not reach`;
}

/** `entries` split by `reasonToDrop` (undefined: keep). */
function partition(
  entries: readonly AllowEntry[],
  reasonToDrop: (entry: AllowEntry) => string | undefined,
): NarrowedPolicy {
  const kept: AllowEntry[] = [];
  const dropped: DroppedEntry[] = [];
  for (const entry of entries) {
    const reason = reasonToDrop(entry);
    if (reason === undefined) kept.push(entry);
    else dropped.push({ entry, reason: `${formatAllowEntry(entry)}: ${reason}` });
  }
  return { policy: { kind: "allowlist", entries: kept }, dropped };
}

/**
 * The policy a job gets when an enclosing level (runner, then image) allows `outer` and the
 * job asks for `inner`: never more than `outer` allows, never more than `inner` asks (what
 * the result reaches is in the reach of both, see NetworkPolicy).
 * none ⊂ allowlist ⊂ internet, as far as public destinations go. Asking for more than `outer` is not an error: the surplus is
 * left out and reported in `dropped`, one item per allowlist entry (or "internet") with why.
 *
 * - `inner` none, or `outer` none: none.
 * - allowlist and internet, either way round: the allowlist's entries that internet reaches
 *   too, i.e. all but those inside a private range (an allowlist may list a private network,
 *   internet never reaches one; so allowlist ⊂ internet holds only for public entries).
 * - allowlist under allowlist: the inner entries one outer entry covers: same host name (or a
 *   `*.` wildcard above it), a CIDR inside an outer CIDR, the protocol and every port
 *   allowed. Entries are kept whole or dropped whole, never cut down.
 */
export function narrowPolicy(outer: NetworkPolicy, inner: NetworkPolicy): NarrowedPolicy {
  if (inner.kind === "none") return { policy: inner, dropped: [] };
  if (outer.kind === "none") {
    const reason = "the enclosing policy is none: no network at all";
    const dropped =
      inner.kind === "internet"
        ? [{ entry: "internet" as const, reason }]
        : partition(inner.entries, () => reason).dropped;
    return { policy: outer, dropped };
  }
  if (inner.kind === "internet") {
    if (outer.kind === "internet") return { policy: inner, dropped: [] };
    const narrowed = partition(outer.entries, (entry) => beyondInternet(entry, "requested"));
    const reason = `the enclosing policy is ${formatNetworkPolicy(outer)}; internet would widen it`;
    return {
      policy: narrowed.policy,
      dropped: [{ entry: "internet", reason }, ...narrowed.dropped],
    };
  }
  if (outer.kind === "internet") {
    return partition(inner.entries, (entry) => beyondInternet(entry, "enclosing"));
  }
  return partition(inner.entries, (entry) =>
    outer.entries.some((o) => covers(o, entry)) ? undefined : uncoveredReason(outer.entries, entry),
  );
}
