import { describe, expect, it } from "vitest";
import { cidrContains, cidrHas, parseCidr } from "./cidr.js";
import { destinationClasses } from "./destination-classes.js";
import { parseIpAddress } from "./ip-address.js";
import { narrowPolicy } from "./narrow-policy.js";
import { formatAllowEntry, type NetworkPolicy } from "./network-policy.js";
import { parseNetworkPolicy } from "./parse-network-policy.js";

/** A connection attempt: to an address, or to a name that resolves to public addresses. */
interface Probe {
  readonly to: string;
  readonly port: number;
  readonly protocol: "tcp" | "udp";
}

function inClass(address: string, scope: "always" | "private"): boolean {
  const ip = parseIpAddress(address);
  if (ip === undefined) return false;
  return destinationClasses
    .filter((c) => c.scope === scope)
    .some((c) =>
      c.cidrs.some((text) => {
        const parsed = parseCidr(text);
        return parsed.ok && cidrHas(parsed.cidr, ip);
      }),
    );
}

/** NetworkPolicy's reach contract, restated independently of narrow-policy.ts. */
function reaches(policy: NetworkPolicy, probe: Probe): boolean {
  const ip = parseIpAddress(probe.to);
  if (policy.kind === "none") return false;
  if (ip !== undefined && inClass(probe.to, "always")) return false;
  if (policy.kind === "internet") return ip === undefined || !inClass(probe.to, "private");
  return policy.entries.some((entry) => {
    if (entry.protocol !== "both" && entry.protocol !== probe.protocol) return false;
    if (
      entry.ports !== "all" &&
      !entry.ports.some((r) => r.first <= probe.port && probe.port <= r.last)
    ) {
      return false;
    }
    if (entry.target.kind === "host") {
      const name = entry.target.name;
      return (
        ip === undefined &&
        (name === probe.to || (name.startsWith("*.") && probe.to.endsWith(name.slice(1))))
      );
    }
    const parsed = parseCidr(entry.target.cidr);
    if (ip === undefined || !parsed.ok || !cidrHas(parsed.cidr, ip)) return false;
    const entryCidr = parsed.cidr;
    const entryIsPrivate = destinationClasses.some(
      (c) =>
        c.scope === "private" &&
        c.cidrs.some((text) => {
          const range = parseCidr(text);
          return range.ok && cidrContains(range.cidr, entryCidr);
        }),
    );
    return !inClass(probe.to, "private") || entryIsPrivate;
  });
}

const policies: readonly NetworkPolicy[] = [
  { kind: "none" },
  { kind: "internet" },
  parseNetworkPolicy(
    "allowlist",
    "example.com:443,10.1.2.0/24,[2001:db8::1]:53/udp,registry.npmjs.org",
  ),
  parseNetworkPolicy("allowlist", "0.0.0.0/0:443/tcp,*.example.com"),
  parseNetworkPolicy("allowlist", "10.0.0.0/8,example.com"),
  parseNetworkPolicy("allowlist", "10.1.0.0/16:22+443/tcp,8.8.8.8:53/udp,a.example.com:443"),
  parseNetworkPolicy("allowlist", "::/0,[fd12::/16]:8080,1.0.0.0/8"),
  parseNetworkPolicy("allowlist", "example.com:443/udp,10.1.2.3:22,*.b.example.com:80-90"),
  parseNetworkPolicy("allowlist", "1.2.3.0/24:1-65535"),
];

const destinations = [
  "10.1.2.3",
  "10.1.9.9",
  "10.2.0.1",
  "8.8.8.8",
  "1.2.3.4",
  "93.184.216.34",
  "2001:db8::1",
  "fd12::1",
  "169.254.169.254",
  "example.com",
  "a.example.com",
  "x.b.example.com",
  "registry.npmjs.org",
  "npmjs.org",
];
const probes: Probe[] = destinations.flatMap((to) =>
  [22, 53, 80, 85, 443, 8080].flatMap((port) =>
    (["tcp", "udp"] as const).map((protocol) => ({ to, port, protocol })),
  ),
);

describe("narrowPolicy", () => {
  it("never reaches anything that either the outer or the inner policy does not", () => {
    let reached = 0;
    for (const outer of policies) {
      for (const inner of policies) {
        const { policy } = narrowPolicy(outer, inner);
        for (const probe of probes) {
          if (!reaches(policy, probe)) continue;
          reached++;
          const seen = {
            outer,
            inner,
            probe,
            outerReaches: reaches(outer, probe),
            innerReaches: reaches(inner, probe),
          };
          expect(seen).toEqual({ ...seen, outerReaches: true, innerReaches: true });
        }
      }
    }
    expect(reached).toBeGreaterThan(400);
  });

  it("keeps a policy narrowed by itself whole", () => {
    for (const policy of policies)
      expect(narrowPolicy(policy, policy)).toEqual({ policy, dropped: [] });
  });

  it("never widens none", () => {
    const internet = narrowPolicy({ kind: "none" }, { kind: "internet" });
    expect(internet.policy).toEqual({ kind: "none" });
    expect(internet.dropped).toEqual([
      { entry: "internet", reason: expect.stringContaining("none") as string },
    ]);
    const allow = narrowPolicy({ kind: "none" }, parseNetworkPolicy("allowlist", "a.com,b.com"));
    expect(allow.policy).toEqual({ kind: "none" });
    expect(allow.dropped).toHaveLength(2);
    expect(narrowPolicy({ kind: "internet" }, { kind: "none" }).policy).toEqual({ kind: "none" });
  });

  it("keeps the outer allowlist when internet is asked for", () => {
    const outer = parseNetworkPolicy("allowlist", "example.com:443");
    const narrowed = narrowPolicy(outer, { kind: "internet" });
    expect(narrowed.policy).toEqual(outer);
    expect(narrowed.dropped[0]?.entry).toBe("internet");
    expect(narrowed.dropped[0]?.reason).toContain("allowlist(example.com:443)");
  });

  it("drops private entries of the outer allowlist when internet is asked for", () => {
    const outer = parseNetworkPolicy("allowlist", "example.com:443,10.1.2.0/24");
    const narrowed = narrowPolicy(outer, { kind: "internet" });
    expect(narrowed.policy).toEqual(parseNetworkPolicy("allowlist", "example.com:443"));
    expect(narrowed.dropped.map((d) => d.reason)).toEqual([
      expect.stringContaining("internet would widen it") as string,
      expect.stringContaining("which the requested internet policy does not reach") as string,
    ]);
  });

  it("under internet, drops only entries inside private ranges", () => {
    const inner = parseNetworkPolicy(
      "allowlist",
      "example.com:443,10.1.2.0/24,0.0.0.0/0:22,fd12::/16",
    );
    const narrowed = narrowPolicy({ kind: "internet" }, inner);
    expect(
      narrowed.policy.kind === "allowlist" && narrowed.policy.entries.map(formatAllowEntry),
    ).toEqual(["example.com:443", "0.0.0.0/0:22"]);
    expect(narrowed.dropped.map((d) => d.reason)).toEqual([
      expect.stringMatching(/^10\.1\.2\.0\/24: .*private \(10\.0\.0\.0\/8\).*internet/) as string,
      expect.stringMatching(/^fd12::\/16: .*private \(fc00::\/7\)/) as string,
    ]);
  });

  it("under an allowlist, keeps covered entries and says why the others go", () => {
    const outer = parseNetworkPolicy(
      "allowlist",
      "example.com:443/tcp,*.npmjs.org,10.1.0.0/16:22+8000-8100,0.0.0.0/0:443",
    );
    const inner = parseNetworkPolicy(
      "allowlist",
      [
        "example.com:443/tcp", // same
        "example.com:443", // widens tcp to tcp+udp
        "example.com:80/tcp", // another port
        "example.com", // every port
        "registry.npmjs.org:443", // below the wildcard
        "npmjs.org", // the wildcard's own name is not below it
        "10.1.2.0/24:8080/udp", // inside, a port inside the range
        "10.1.2.0/24:9000", // inside, a port outside
        "10.0.0.0/8:22", // wider CIDR
        "10.9.0.0/16:443", // private: 0.0.0.0/0 reaches public addresses only
        "1.1.1.1:443/tcp", // public, inside 0.0.0.0/0
        "other.org", // nothing
      ].join(","),
    );
    const narrowed = narrowPolicy(outer, inner);
    expect(
      narrowed.policy.kind === "allowlist" && narrowed.policy.entries.map(formatAllowEntry),
    ).toEqual([
      "example.com:443/tcp",
      "registry.npmjs.org:443",
      "10.1.2.0/24:8080/udp",
      "1.1.1.1:443/tcp",
    ]);
    const reasons = Object.fromEntries(
      narrowed.dropped.map((d) => [
        d.entry === "internet" ? "internet" : formatAllowEntry(d.entry),
        d.reason,
      ]),
    );
    expect(reasons["example.com:443"]).toContain("only over tcp");
    expect(reasons["example.com:80/tcp"]).toContain("only on ports 443");
    expect(reasons["example.com"]).toContain("only over tcp");
    expect(reasons["npmjs.org"]).toContain("no entry of the enclosing allowlist covers npmjs.org");
    expect(reasons["10.1.2.0/24:9000"]).toContain("only on ports 22+8000-8100");
    expect(reasons["10.0.0.0/8:22"]).toContain("public addresses there only");
    expect(reasons["10.9.0.0/16:443"]).toContain("public addresses there only");
    expect(reasons["other.org"]).toContain("covers other.org");
    expect(narrowed.dropped).toHaveLength(8);
  });
});
