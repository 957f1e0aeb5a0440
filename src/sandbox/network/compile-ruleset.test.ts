import { describe, expect, it } from "vitest";
import { AirlockError } from "../../core/airlock-error.js";
import { defaultAddressPool, sandboxAddressing } from "./address-pool.js";
import { compileRuleset, type CompiledRuleset, type RulesetInput } from "./compile-ruleset.js";
import { destinationClasses } from "./destination-classes.js";
import type { NetworkPolicy } from "./network-policy.js";
import type { NftChain, NftRule, NftTable } from "./nft-ruleset.js";
import { parseNetworkPolicy } from "./parse-network-policy.js";

const addressing = sandboxAddressing(defaultAddressPool, 5);
const v4only = sandboxAddressing({ ...defaultAddressPool, ipv6: null }, 5);

function compile(policy: NetworkPolicy, overrides: Partial<RulesetInput> = {}): CompiledRuleset {
  return compileRuleset({
    policy,
    sandboxId: "abc123def456",
    addressing,
    hostIfname: addressing.hostIfname,
    resolved: new Map(),
    dnsPort: 53,
    ...overrides,
  });
}

function table(compiled: CompiledRuleset, family: NftTable["family"]): NftTable {
  const found = compiled.tables.find((t) => t.family === family);
  if (found === undefined) throw new Error(`no ${family} table`);
  return found;
}

function chain(
  compiled: CompiledRuleset,
  name: string,
  family: NftTable["family"] = "inet",
): NftChain {
  const found = table(compiled, family).chains.find((c) => c.name === name);
  if (found === undefined) throw new Error(`no chain ${name}`);
  return found;
}

/** Index of the first rule of `chain` whose match contains `text` (and has `verdict`). */
function indexOf(c: NftChain, text: string, verdict?: NftRule["verdict"]): number {
  return c.rules.findIndex(
    (r) => r.match.includes(text) && (verdict === undefined || r.verdict === verdict),
  );
}

function ruleFor(c: NftChain, text: string, verdict?: NftRule["verdict"]): NftRule {
  const found = c.rules[indexOf(c, text, verdict)];
  if (found === undefined) throw new Error(`no rule matching ${text} in ${c.name}`);
  return found;
}

const internet = compile({ kind: "internet" });
const allowlist = compile(
  parseNetworkPolicy(
    "allowlist",
    "example.com:443,10.1.2.0/24,[2001:db8::1]:53/udp,registry.npmjs.org,0.0.0.0/0:22/tcp,*.example.org:80+8000-8100/tcp,evil.example",
  ),
  {
    resolved: new Map([
      ["example.com", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"]],
      ["registry.npmjs.org", ["104.16.0.1", "104.16.0.1"]],
      ["evil.example", ["10.0.0.5"]],
    ]),
  },
);

/** Both compiled policies, and the internet policy on a host without IPv6. */
const everyCompiled = [internet, allowlist, compile({ kind: "internet" }, { addressing: v4only })];

describe("compileRuleset: none", () => {
  it("compiles to nothing: a sandbox on none has no veth to filter", () => {
    expect(compile({ kind: "none" })).toEqual({
      text: "",
      teardownText: "",
      tables: [],
      counters: [],
      hostSets: [],
    });
  });
});

describe("compileRuleset: every policy with a network", () => {
  it("replaces its own inet and arp tables idempotently", () => {
    for (const compiled of everyCompiled) {
      expect(compiled.tables.map((t) => `${t.family} ${t.name}`)).toEqual([
        "inet airlock-abc123def456",
        "arp airlock-abc123def456",
      ]);
      expect(compiled.text.startsWith(compiled.teardownText)).toBe(true);
      expect(compiled.teardownText).toBe(
        [
          "table inet airlock-abc123def456",
          "delete table inet airlock-abc123def456",
          "table arp airlock-abc123def456",
          "delete table arp airlock-abc123def456",
          "",
        ].join("\n"),
      );
      expect(compiled.text).toContain("table inet airlock-abc123def456 {\n");
      expect(compiled.text).toContain("table arp airlock-abc123def456 {\n");
    }
  });

  it("gives every rule a reason, rendered as its comment", () => {
    for (const compiled of everyCompiled) {
      for (const t of compiled.tables) {
        for (const c of t.chains) {
          for (const r of c.rules) {
            expect(r.reason.length).toBeGreaterThan(10);
            expect(Buffer.byteLength(r.reason)).toBeLessThanOrEqual(128);
          }
        }
      }
      const ruleLines = compiled.text
        .split("\n")
        .filter(
          (line) => line.startsWith("\t\t") && !/^\t\t(type|flags|comment|elements) /.test(line),
        );
      expect(ruleLines.length).toBeGreaterThan(20);
      for (const line of ruleLines) expect(line).toMatch(/ comment "[^"]+"$/);
    }
  });

  it("hooks only with policy accept, so no table can drop another sandbox's or the host's traffic", () => {
    for (const compiled of everyCompiled) {
      const hooks = compiled.text.split("\n").filter((line) => line.includes(" hook "));
      expect(hooks.length).toBe(5);
      for (const line of hooks) expect(line).toMatch(/policy accept;$/);
      for (const name of ["antispoof", "input"]) {
        expect(chain(compiled, name).rules[0]).toMatchObject({
          match: 'iifname != "alk5h"',
          verdict: "accept",
        });
      }
      expect(chain(compiled, "input", "arp").rules[0]).toMatchObject({
        match: 'iifname != "alk5h"',
        verdict: "accept",
      });
    }
  });

  it("declares exactly the counters its rules use and reports each with its class", () => {
    for (const compiled of everyCompiled) {
      for (const t of compiled.tables) {
        const declared = t.counters.map((c) => c.name);
        const used = new Set(
          t.chains.flatMap((c) => c.rules.flatMap((r) => (r.counter === null ? [] : [r.counter]))),
        );
        expect(new Set(declared)).toEqual(used);
        expect(new Set(declared).size).toBe(declared.length);
        const reported = compiled.counters.filter(
          (c) => c.family === t.family && c.table === t.name,
        );
        expect(new Set(reported.map((c) => c.name))).toEqual(used);
      }
      for (const c of compiled.counters) {
        expect(c.verdict).toBe(c.name.startsWith("accept_") ? "accept" : "drop");
        expect(c.destinationClass).not.toBe("");
      }
      const drops = compiled.tables
        .flatMap((t) => t.chains.flatMap((c) => c.rules))
        .filter((r) => r.verdict === "drop");
      for (const r of drops) expect(r.counter).not.toBeNull();
    }
    expect(internet.counters.find((c) => c.name === "drop_metadata")?.destinationClass).toBe(
      "metadata",
    );
    expect(internet.counters.find((c) => c.name === "drop_peers")?.destinationClass).toBe("peers");
    expect(internet.counters.find((c) => c.name === "drop_host")?.destinationClass).toBe("host");
  });

  it("drops spoofed source MACs and addresses before conntrack, allowing NDP's link-local and ::", () => {
    const antispoof = chain(internet, "antispoof");
    expect(antispoof.hook).toEqual({ type: "filter", hook: "prerouting", priority: "raw" });
    expect(ruleFor(antispoof, "ether saddr != 02:61:6c:00:05:02")).toMatchObject({
      verdict: "drop",
      counter: "drop_spoofed",
    });
    expect(ruleFor(antispoof, "ip saddr != 10.213.0.22")).toMatchObject({
      verdict: "drop",
      counter: "drop_spoofed",
    });
    expect(
      ruleFor(antispoof, "ip6 saddr != { fd61:6972:6c6b:5::2, fe80::61:6cff:fe00:502 }"),
    ).toMatchObject({
      verdict: "drop",
      counter: "drop_spoofed",
    });
    expect(
      indexOf(antispoof, "ip6 saddr :: icmpv6 type { nd-neighbor-solicit", "accept"),
    ).toBeLessThan(indexOf(antispoof, "ip6 saddr !=", "drop"));
    const arp = chain(internet, "input", "arp");
    expect(ruleFor(arp, "arp saddr ether != 02:61:6c:00:05:02")).toMatchObject({
      verdict: "drop",
      counter: "drop_spoofed_arp",
    });
    expect(ruleFor(arp, "arp saddr ip != 10.213.0.22")).toMatchObject({
      verdict: "drop",
      counter: "drop_spoofed_arp",
    });
  });

  it("lets the sandbox reach the host only for DNS on the gateway and neighbour discovery", () => {
    for (const compiled of [internet, allowlist]) {
      const input = chain(compiled, "input");
      expect(
        ruleFor(input, "ip daddr 10.213.0.21 meta l4proto { tcp, udp } th dport 53"),
      ).toMatchObject({
        verdict: "accept",
        counter: "accept_dns",
      });
      expect(
        ruleFor(input, "ip6 daddr fd61:6972:6c6b:5::1 meta l4proto { tcp, udp } th dport 53")
          .verdict,
      ).toBe("accept");
      expect(
        ruleFor(input, "icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert }").verdict,
      ).toBe("accept");
      const accepts = input.rules.filter((r) => r.verdict === "accept").map((r) => r.match);
      expect(accepts).toEqual([
        'iifname != "alk5h"',
        "ct state established,related",
        "ip daddr 10.213.0.21 meta l4proto { tcp, udp } th dport 53",
        "ip6 daddr fd61:6972:6c6b:5::1 meta l4proto { tcp, udp } th dport 53",
        "icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert }",
      ]);
      expect(input.rules.at(-1)).toMatchObject({
        match: "",
        verdict: "drop",
        counter: "drop_host",
      });
      expect(ruleFor(input, "ip daddr 127.0.0.0/8").counter).toBe("drop_loopback");
      expect(ruleFor(input, "ip daddr { 255.255.255.255/32, 10.213.0.23 }").counter).toBe(
        "drop_broadcast",
      );
      expect(ruleFor(input, "ip6 daddr ff00::/8").counter).toBe("drop_multicast");
    }
  });

  it("forwards the sandbox's traffic through egress and refuses new connections into it", () => {
    for (const compiled of everyCompiled) {
      expect(chain(compiled, "forward").rules.map((r) => [r.match, r.verdict, r.counter])).toEqual([
        ['iifname "alk5h"', "jump egress", null],
        ['oifname "alk5h" ct state established,related', "accept", null],
        ['oifname "alk5h"', "drop", "drop_inbound"],
      ]);
      const egress = chain(compiled, "egress");
      expect(egress.hook).toBeNull();
      expect(egress.rules.at(-1)?.match).toBe("");
    }
  });

  it("drops every never-reachable class and other sandboxes before any accept", () => {
    for (const compiled of everyCompiled) {
      const egress = chain(compiled, "egress");
      const firstPolicyAccept = egress.rules.findIndex(
        (r) => r.verdict === "accept" && r.counter !== null,
      );
      for (const c of destinationClasses.filter((d) => d.scope === "always")) {
        for (const cidr of c.cidrs) {
          const i = indexOf(egress, cidr, "drop");
          expect(i, `${c.id} ${cidr}`).toBeGreaterThan(-1);
          expect(egress.rules[i]?.counter).toBe(`drop_${c.id}`);
          expect(i).toBeLessThan(firstPolicyAccept);
        }
      }
      expect(indexOf(egress, "ip daddr 10.213.0.0/16", "drop")).toBeLessThan(firstPolicyAccept);
      expect(indexOf(egress, "fd00:ec2::254", "drop")).toBeLessThan(
        indexOf(egress, "fc00::/7", "drop"),
      );
      expect(indexOf(egress, "169.254.169.254", "drop")).toBeLessThan(
        indexOf(egress, "169.254.0.0/16", "drop"),
      );
    }
    expect(ruleFor(chain(internet, "egress"), "ip6 daddr fd61:6972:6c6b::/48").counter).toBe(
      "drop_peers",
    );
  });
});

describe("compileRuleset: internet", () => {
  it("drops private ranges and foreign DNS, then accepts the rest, counted", () => {
    const egress = chain(internet, "egress");
    for (const [cidr, counter] of [
      ["10.0.0.0/8", "drop_private_10"],
      ["172.16.0.0/12", "drop_private_172"],
      ["192.168.0.0/16", "drop_private_192"],
      ["100.64.0.0/10", "drop_shared_cgnat"],
      ["fc00::/7", "drop_unique_local"],
      ["169.254.169.254", "drop_metadata"],
      ["100.100.100.200", "drop_metadata"],
      ["fd00:ec2::254", "drop_metadata"],
      ["::ffff:0:0/96", "drop_v4_mapped"],
      ["::1/128", "drop_loopback"],
      ["224.0.0.0/4", "drop_multicast"],
      ["ff00::/8", "drop_multicast"],
      ["255.255.255.255/32", "drop_broadcast"],
      ["0.0.0.0/8", "drop_this_network"],
      ["fe80::/10", "drop_link_local"],
    ]) {
      expect(ruleFor(egress, cidr ?? "", "drop").counter).toBe(counter);
    }
    expect(ruleFor(egress, "th dport 53", "drop").counter).toBe("drop_foreign_dns");
    expect(egress.rules.at(-1)).toMatchObject({
      match: "",
      verdict: "accept",
      counter: "accept_internet",
    });
    expect(internet.text).toContain('comment "cloud metadata service');
  });

  it("masquerades the sandbox's own addresses out of any non-sandbox interface", () => {
    expect(chain(internet, "postrouting").hook).toEqual({
      type: "nat",
      hook: "postrouting",
      priority: "srcnat",
    });
    expect(chain(internet, "postrouting").rules.map((r) => [r.match, r.verdict])).toEqual([
      ['ip saddr 10.213.0.22 oifname != "alk*"', "masquerade"],
      ['ip6 saddr fd61:6972:6c6b:5::2 oifname != "alk*"', "masquerade"],
    ]);
  });

  it("on a host without IPv6, drops all the sandbox's IPv6 and offers none", () => {
    const compiled = compile({ kind: "internet" }, { addressing: v4only });
    expect(ruleFor(chain(compiled, "antispoof"), "meta nfproto ipv6")).toMatchObject({
      verdict: "drop",
      counter: "drop_ipv6_disabled",
    });
    expect(compiled.text).not.toContain("fd61:6972:6c6b:5::");
    expect(chain(compiled, "postrouting").rules).toHaveLength(1);
    expect(indexOf(chain(compiled, "input"), "ip6 daddr", "accept")).toBe(-1);
  });
});

describe("compileRuleset: allowlist", () => {
  const egress = chain(allowlist, "egress");
  const privateDrop = indexOf(egress, "10.0.0.0/8", "drop");

  it("accepts listed private CIDRs before the private drops, everything else after", () => {
    expect(ruleFor(egress, "ip daddr 10.1.2.0/24 meta l4proto { tcp, udp }")).toMatchObject({
      verdict: "accept",
      counter: "accept_listed",
      reason: "allowlist entry 10.1.2.0/24",
    });
    expect(indexOf(egress, "10.1.2.0/24", "accept")).toBeLessThan(privateDrop);
    expect(indexOf(egress, "ip daddr 0.0.0.0/0 tcp dport 22", "accept")).toBeGreaterThan(
      privateDrop,
    );
    expect(indexOf(egress, "ip6 daddr 2001:db8::1/128 udp dport 53", "accept")).toBeGreaterThan(
      privateDrop,
    );
    for (const set of ["@allow4 ", "@allow6 ", "@allow4_both_443 ", "@allow4_tcp_80_8000to8100 "]) {
      expect(indexOf(egress, set, "accept")).toBeGreaterThan(privateDrop);
    }
    expect(egress.rules.at(-1)).toMatchObject({
      match: "",
      verdict: "drop",
      counter: "drop_not_listed",
    });
    expect(indexOf(egress, "th dport 53", "drop")).toBe(-1);
    expect(egress.rules.some((r) => r.counter === "accept_internet")).toBe(false);
  });

  it("pins host names into named sets by port, prefilled from resolved, always declaring allow4/allow6", () => {
    const sets = table(allowlist, "inet").sets;
    expect(sets.map((s) => [s.name, s.type, s.elements])).toEqual([
      ["allow4", "ipv4_addr", ["104.16.0.1", "10.0.0.5"]],
      ["allow6", "ipv6_addr", []],
      ["allow4_both_443", "ipv4_addr", ["93.184.216.34"]],
      ["allow6_both_443", "ipv6_addr", ["2606:2800:220:1:248:1893:25c8:1946"]],
      ["allow4_tcp_80_8000to8100", "ipv4_addr", []],
      ["allow6_tcp_80_8000to8100", "ipv6_addr", []],
    ]);
    expect(allowlist.hostSets).toEqual([
      { host: "example.com", ipv4Set: "allow4_both_443", ipv6Set: "allow6_both_443" },
      { host: "registry.npmjs.org", ipv4Set: "allow4", ipv6Set: "allow6" },
      {
        host: "*.example.org",
        ipv4Set: "allow4_tcp_80_8000to8100",
        ipv6Set: "allow6_tcp_80_8000to8100",
      },
      { host: "evil.example", ipv4Set: "allow4", ipv6Set: "allow6" },
    ]);
    expect(
      ruleFor(egress, "ip daddr @allow4_both_443 meta l4proto { tcp, udp } th dport 443").verdict,
    ).toBe("accept");
    expect(
      ruleFor(egress, "ip6 daddr @allow6_tcp_80_8000to8100 tcp dport { 80, 8000-8100 }").verdict,
    ).toBe("accept");
    expect(allowlist.text).toContain("elements = { 104.16.0.1, 10.0.0.5 }");
  });

  it("never lets a name that resolves to a private address reach it (DNS rebinding)", () => {
    expect(indexOf(egress, "@allow4 ", "accept")).toBeGreaterThan(privateDrop);
  });

  it("declares sets even when nothing is listed by name", () => {
    const compiled = compile(parseNetworkPolicy("allowlist", "192.0.2.0/24:443"));
    expect(table(compiled, "inet").sets.map((s) => s.name)).toEqual(["allow4", "allow6"]);
    expect(compiled.hostSets).toEqual([]);
  });

  it("cuts comments that quote long entries to what nft stores", () => {
    const name = `${"a".repeat(60)}.${"b".repeat(60)}.${"c".repeat(60)}.example`;
    const compiled = compile(
      parseNetworkPolicy(
        "allowlist",
        `${name}:443,10.1.0.0/16:1+3+5+7+9+11+13+15+17+19+21+23+25+27+29+31+33+35+37+39+41`,
      ),
    );
    for (const r of chain(compiled, "egress").rules)
      expect(Buffer.byteLength(r.reason)).toBeLessThanOrEqual(128);
    for (const s of table(compiled, "inet").sets)
      expect(Buffer.byteLength(s.comment)).toBeLessThanOrEqual(128);
  });
});

describe("compileRuleset: input that cannot come from airlock", () => {
  it.each<[string, Partial<RulesetInput>]>([
    ["a sandbox id that is not a name", { sandboxId: "x; flush ruleset" }],
    ["an interface name with a quote", { hostIfname: 'alk5h" accept' }],
    ["a long interface name", { hostIfname: "alk1234567890123h" }],
    ["a DNS port out of range", { dnsPort: 0 }],
    [
      "a pool that is not a CIDR",
      { addressing: { ...addressing, pool: { ipv4: "0/0 accept", ipv6: null } } },
    ],
    ["a resolved address that does not parse", { resolved: new Map([["a.com", ["1.2.3.4 }"]]]) }],
  ])("refuses %s", (_, overrides) => {
    const policy = parseNetworkPolicy("allowlist", "a.com");
    try {
      compile(policy, overrides);
      expect.unreachable();
    } catch (e: unknown) {
      expect(e).toBeInstanceOf(AirlockError);
      expect((e as AirlockError).code).toBe("AIRLOCK_E_INTERNAL");
    }
  });

  it("is deterministic", () => {
    expect(compile({ kind: "internet" }).text).toBe(internet.text);
  });
});
