import { nftRule as rule, type NftChain, type NftRule, type NftTable } from "./nft-ruleset.js";
import { notOurs } from "./rule-builders.js";
import type { CounterCollector } from "./ruleset-counters.js";
import type { RulesetInput } from "./ruleset-input.js";

/** prerouting at priority raw: before conntrack or any DNAT sees a spoofed packet. */
export function antispoofRules(input: RulesetInput, counters: CounterCollector): NftRule[] {
  const { sandboxMac, ipv4, ipv6 } = input.addressing;
  const spoofed = counters.use("drop_spoofed");
  const rules = [
    notOurs(input.hostIfname),
    rule(
      `ether saddr != ${sandboxMac}`,
      "drop",
      spoofed,
      "anti-spoofing: the sandbox sends only from its own MAC",
    ),
    rule(
      `ip saddr != ${ipv4.sandbox}`,
      "drop",
      spoofed,
      "anti-spoofing: the sandbox sends IPv4 only from its own address",
    ),
  ];
  if (ipv6 === null) {
    rules.push(
      rule(
        "meta nfproto ipv6",
        "drop",
        counters.use("drop_ipv6_disabled"),
        "this host gives sandboxes no IPv6: none of it leaves the sandbox",
      ),
    );
    return rules;
  }
  rules.push(
    rule(
      "ip6 saddr :: icmpv6 type { nd-neighbor-solicit, mld-listener-report, mld2-listener-report }",
      "accept",
      null,
      "duplicate address detection and MLD, sent from :: before the sandbox has an address",
    ),
    rule(
      `ip6 saddr != { ${ipv6.sandbox}, ${ipv6.sandboxLinkLocal} }`,
      "drop",
      spoofed,
      "anti-spoofing: the sandbox sends IPv6 only from its own and its link-local address",
    ),
  );
  return rules;
}

/** The `arp` table: ARP from the sandbox may only claim its own MAC and IPv4 address. */
export function arpAntispoofTable(
  input: RulesetInput,
  table: string,
  counters: CounterCollector,
): NftTable {
  const spoofed = counters.use("drop_spoofed_arp");
  const { sandboxMac, ipv4 } = input.addressing;
  const rules = [
    notOurs(input.hostIfname),
    rule(
      `arp saddr ether != ${sandboxMac}`,
      "drop",
      spoofed,
      "anti-spoofing: ARP only for the sandbox's own MAC",
    ),
    rule(
      `arp saddr ip != ${ipv4.sandbox}`,
      "drop",
      spoofed,
      "anti-spoofing: ARP only for the sandbox's own IPv4 address",
    ),
  ];
  const chain: NftChain = {
    name: "input",
    hook: { type: "filter", hook: "input", priority: "filter" },
    rules,
  };
  return { family: "arp", name: table, counters: counters.declarations, sets: [], chains: [chain] };
}
