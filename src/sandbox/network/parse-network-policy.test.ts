import { describe, expect, it } from "vitest";
import { AirlockError } from "../../core/airlock-error.js";
import { formatAllowEntry, type AllowEntry } from "./network-policy.js";
import { allowItemForms, parseAllowList, parseNetworkPolicy } from "./parse-network-policy.js";

function usageError(run: () => unknown): AirlockError {
  try {
    run();
  } catch (e: unknown) {
    if (e instanceof AirlockError && e.code === "AIRLOCK_E_USAGE") return e;
    throw e;
  }
  throw new Error("expected AIRLOCK_E_USAGE");
}

describe("parseAllowList", () => {
  it("reads the brief's example", () => {
    const entries = parseAllowList(
      "example.com:443,10.1.2.0/24,[2001:db8::1]:53/udp,registry.npmjs.org",
    );
    expect(entries).toEqual<AllowEntry[]>([
      {
        target: { kind: "host", name: "example.com" },
        ports: [{ first: 443, last: 443 }],
        protocol: "both",
      },
      { target: { kind: "cidr", cidr: "10.1.2.0/24" }, ports: "all", protocol: "both" },
      {
        target: { kind: "cidr", cidr: "2001:db8::1/128" },
        ports: [{ first: 53, last: 53 }],
        protocol: "udp",
      },
      { target: { kind: "host", name: "registry.npmjs.org" }, ports: "all", protocol: "both" },
    ]);
  });

  it("reads port lists, ranges, protocols, bare IPv6 and wildcards, canonically", () => {
    const entries = parseAllowList(
      " Example.COM.:443+80+81+8000-8100/TCP , 10.9.8.7:22/tcp, 2001:db8::/32, [2001:db8::/48]:443, 2001:db8::2/udp, *.npmjs.org, bücher.example",
    );
    expect(entries.map(formatAllowEntry)).toEqual([
      "example.com:80-81+443+8000-8100/tcp",
      "10.9.8.7:22/tcp",
      "2001:db8::/32",
      "[2001:db8::/48]:443",
      "2001:db8::2/udp",
      "*.npmjs.org",
      "xn--bcher-kva.example",
    ]);
  });

  it("round-trips every canonical form", () => {
    const text =
      "example.com:80+443/tcp,10.1.2.0/24:53/udp,[2001:db8::1]:53,2001:db8::/32/tcp,*.a.b,1.2.3.4";
    const entries = parseAllowList(text);
    expect(parseAllowList(entries.map(formatAllowEntry).join(","))).toEqual(entries);
    expect(entries.map(formatAllowEntry).join(",")).toBe(text);
  });

  it("drops duplicates, keeping order", () => {
    expect(parseAllowList("a.com,b.com,A.com").map(formatAllowEntry)).toEqual(["a.com", "b.com"]);
  });

  it.each([
    ["exa mple.com", '"exa mple.com"'],
    ["example.com:0", "outside 1-65535"],
    ["example.com:70000", "outside 1-65535"],
    ["example.com:443-80", "runs backwards"],
    ["example.com:https", "not a port"],
    ["example.com:", "nothing follows"],
    ["10.1.2.5/24", "did you mean 10.1.2.0/24"],
    ["10.1.2", "not an IP address"],
    ["host.123", "neither a valid IPv4 address nor a host name"],
    ["300.1.2.3", "not an IP address"],
    ["example.com/24", "no prefix length"],
    ["[10.1.2.3]:80", "only for IPv6"],
    ["[2001:db8::1:80", "without a closing"],
    ["[2001:db8::1]80", "unexpected"],
    ["foo.*.com", "wildcard"],
    ["*", "wildcard"],
    ["-bad.com", "not a host name"],
    ["127.0.0.1:8080", "never reachable"],
    ["169.254.169.254", "never reachable"],
    ["[fd00:ec2::254]:80", "never reachable"],
    ["fe80::/64", "never reachable"],
    ["224.0.0.251", "never reachable"],
  ])("names the bad item %j and says %j and the expected form", (item, problem) => {
    const error = usageError(() => parseAllowList(`good.example:443,${item},other.example`));
    expect(error.message).toContain(`"${item}"`);
    expect(error.message).toContain(problem);
    expect(error.fix).toContain(allowItemForms);
  });

  it("refuses an empty list and empty items", () => {
    expect(usageError(() => parseAllowList(" , ")).message).toContain("empty");
    expect(usageError(() => parseAllowList("a.com,,b.com")).message).toContain("item 2 is empty");
  });

  it("accepts broad CIDRs that only overlap never-reachable ranges", () => {
    expect(parseAllowList("0.0.0.0/0,::/0,100.64.0.0/10").map(formatAllowEntry)).toEqual([
      "0.0.0.0/0",
      "::/0",
      "100.64.0.0/10",
    ]);
  });
});

describe("parseNetworkPolicy", () => {
  it("reads the three policies", () => {
    expect(parseNetworkPolicy("none")).toEqual({ kind: "none" });
    expect(parseNetworkPolicy("Internet")).toEqual({ kind: "internet" });
    expect(parseNetworkPolicy("allowlist", "example.com:443")).toEqual({
      kind: "allowlist",
      entries: parseAllowList("example.com:443"),
    });
  });

  it("refuses unknown names, a missing list and a stray list", () => {
    expect(usageError(() => parseNetworkPolicy("open")).message).toContain('"open"');
    expect(usageError(() => parseNetworkPolicy("allowlist")).message).toContain("needs a list");
    expect(usageError(() => parseNetworkPolicy("allowlist", " ")).message).toContain(
      "needs a list",
    );
    expect(usageError(() => parseNetworkPolicy("internet", "a.com")).message).toContain(
      "only applies to network policy allowlist",
    );
  });
});
