import { AirlockError } from "../../core/airlock-error.js";
import { allowlistEgress, type HostPinSets } from "./allowlist-egress.js";
import { destinationClasses } from "./destination-classes.js";
import { daddrMatches } from "./nft-matches.js";
import { nftRule as rule, type NftRule, type NftSet } from "./nft-ruleset.js";
import { classDrops, established, invalid } from "./rule-builders.js";
import type { CounterCollector } from "./ruleset-counters.js";
import type { RulesetInput } from "./ruleset-input.js";

/** egress: the sandbox's forwarded traffic. Every path through it ends in accept or drop. */
export function egressRules(
  input: RulesetInput,
  counters: CounterCollector,
): { rules: NftRule[]; sets: readonly NftSet[]; hostSets: readonly HostPinSets[] } {
  const { pool } = input.addressing;
  const policy = input.policy;
  const head = [
    established,
    invalid(counters),
    ...destinationClasses
      .filter((c) => c.scope === "always")
      .flatMap((c) => classDrops(c, counters)),
    ...daddrMatches([pool.ipv4, ...(pool.ipv6 === null ? [] : [pool.ipv6])]).map((m) =>
      rule(
        m,
        "drop",
        counters.use("drop_peers"),
        "other sandboxes: no network is shared between jobs",
      ),
    ),
  ];
  const privateDrops = () =>
    destinationClasses.filter((c) => c.scope === "private").flatMap((c) => classDrops(c, counters));
  if (policy.kind === "internet") {
    const rules = [
      ...head,
      ...privateDrops(),
      rule(
        `meta l4proto { tcp, udp } th dport ${input.dnsPort}`,
        "drop",
        counters.use("drop_foreign_dns"),
        "DNS goes only through the gateway's forwarder, which logs every query",
      ),
      rule(
        "",
        "accept",
        counters.use("accept_internet"),
        "policy internet: the public internet, through NAT",
      ),
    ];
    return { rules, sets: [], hostSets: [] };
  }
  if (policy.kind === "none")
    throw new AirlockError("AIRLOCK_E_INTERNAL", "policy none has no egress");
  const allow = allowlistEgress(policy.entries, input.resolved, counters);
  const rules = [
    ...head,
    ...allow.beforePrivateDrops,
    ...privateDrops(),
    ...allow.afterPrivateDrops,
    rule("", "drop", counters.use("drop_not_listed"), "policy allowlist: everything not listed"),
  ];
  return { rules, sets: allow.sets, hostSets: allow.hostSets };
}
