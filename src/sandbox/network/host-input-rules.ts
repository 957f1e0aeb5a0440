import { daddrMatches } from "./nft-matches.js";
import { nftRule as rule, type NftRule } from "./nft-ruleset.js";
import {
  classDrops,
  destinationClassById,
  established,
  invalid,
  notOurs,
} from "./rule-builders.js";
import type { CounterCollector } from "./ruleset-counters.js";
import type { RulesetInput } from "./ruleset-input.js";

/** input: what the sandbox may ask of the host itself. Only DNS and neighbour discovery. */
export function hostInputRules(input: RulesetInput, counters: CounterCollector): NftRule[] {
  const { ipv4, ipv6 } = input.addressing;
  const gateways = [ipv4.gateway, ...(ipv6 === null ? [] : [ipv6.gateway])];
  const rules = [
    notOurs(input.hostIfname),
    established,
    invalid(counters),
    ...daddrMatches(gateways).map((g) =>
      rule(
        `${g} meta l4proto { tcp, udp } th dport ${input.dnsPort}`,
        "accept",
        counters.use("accept_dns"),
        "DNS to the forwarder on the gateway address: the only host service a sandbox reaches",
      ),
    ),
  ];
  if (ipv6 !== null) {
    rules.push(
      rule(
        "icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert }",
        "accept",
        null,
        "neighbour discovery: IPv6's ARP, needed to reach the gateway at all",
      ),
      rule(
        "icmpv6 type { nd-router-solicit, mld-listener-report, mld2-listener-report, mld-listener-done }",
        "drop",
        counters.use("drop_link_noise"),
        "link housekeeping the host does not answer; counted apart from real attempts",
      ),
    );
  }
  rules.push(
    ...classDrops(destinationClassById("loopback"), counters),
    ...classDrops(destinationClassById("multicast"), counters),
    ...classDrops(destinationClassById("broadcast"), counters, [ipv4.broadcast]),
    rule(
      "",
      "drop",
      counters.use("drop_host"),
      "the host itself: every port of every host address but DNS on the gateway",
    ),
  );
  return rules;
}
