import { resourcePrefix } from "../../core/ids.js";
import { hostIfnamePrefix } from "./address-pool.js";
import type { HostPinSets } from "./allowlist-egress.js";
import { antispoofRules, arpAntispoofTable } from "./antispoof-rules.js";
import { egressRules } from "./egress-rules.js";
import { hostInputRules } from "./host-input-rules.js";
import {
  nftRule as rule,
  renderNftTables,
  renderNftTeardown,
  type NftFamily,
  type NftTable,
} from "./nft-ruleset.js";
import { CounterCollector } from "./ruleset-counters.js";
import { checkRulesetInput, type RulesetInput } from "./ruleset-input.js";

export type { RulesetInput } from "./ruleset-input.js";
export type { HostPinSets } from "./allowlist-egress.js";

/** A named counter, found in `nft -j list counters` by (family, table, name). */
export interface RulesetCounter {
  readonly family: NftFamily;
  readonly table: string;
  readonly name: string;
  readonly verdict: "accept" | "drop";
  /** What it counts: a DestinationClassId, or `peers`, `host`, `spoofed-source`, ... */
  readonly destinationClass: string;
}

export interface CompiledRuleset {
  /** For `nft -f -`: replaces this sandbox's tables as a whole. Empty for policy none. */
  readonly text: string;
  /** For `nft -f -` at destroy: removes the tables, and succeeds when they are gone already. */
  readonly teardownText: string;
  /** The reviewed data `text` is rendered from. */
  readonly tables: readonly NftTable[];
  readonly counters: readonly RulesetCounter[];
  /** For allowlist host names: the sets the DNS forwarder adds pinned addresses to. */
  readonly hostSets: readonly HostPinSets[];
}

function countersOf(table: NftTable, used: CounterCollector): RulesetCounter[] {
  return used.used.map(({ name, verdict, destinationClass }) => ({
    family: table.family,
    table: table.name,
    name,
    verdict,
    destinationClass,
  }));
}

/**
 * The nftables ruleset enforcing `input.policy` for one sandbox, as text for `nft -f -` and
 * as the reviewed data it is rendered from. Pure: it reads nothing and sends nothing.
 *
 * `none` compiles to nothing (empty text, no tables): such a sandbox gets no veth at all,
 * only loopback, so there is no packet to filter.
 *
 * Otherwise two tables named `airlock-<sandboxId>`, matching only packets on the sandbox's
 * host-side interface by name (`iifname`/`oifname`; no chain is bound to the device, so the
 * ruleset can be loaded before the veth exists and the veth is never up without rules):
 * - `inet`: chain `antispoof` (prerouting, priority raw: before conntrack and DNAT) drops
 *   frames whose source MAC or IP is not the sandbox's; `input` lets the sandbox reach the
 *   host only for DNS to its gateway addresses and neighbour discovery; `forward` sends the
 *   sandbox's traffic through `egress` (always-dropped classes and other sandboxes first,
 *   then the policy) and drops new connections into the sandbox; `postrouting` (nat,
 *   srcnat) masquerades the sandbox's addresses leaving through any interface but a
 *   sandbox's (`alk*`).
 * - `arp`: drops ARP from the sandbox claiming another MAC or IPv4 address.
 * Every drop bumps a named counter; `counters` lists each with the class it counts.
 * AIRLOCK_E_INTERNAL for input that could not come from airlock's own code (a sandbox id,
 * interface name or address that does not parse).
 */
export function compileRuleset(input: RulesetInput): CompiledRuleset {
  if (input.policy.kind === "none") {
    return { text: "", teardownText: "", tables: [], counters: [], hostSets: [] };
  }
  checkRulesetInput(input);
  const { hostIfname: ifname, addressing } = input;
  const table = `${resourcePrefix}${input.sandboxId}`;
  const counters = new CounterCollector();
  const antispoof = antispoofRules(input, counters);
  const inputChain = hostInputRules(input, counters);
  const egress = egressRules(input, counters);
  const forward = [
    rule(`iifname "${ifname}"`, "jump egress", null, "from the sandbox: its network policy"),
    rule(
      `oifname "${ifname}" ct state established,related`,
      "accept",
      null,
      "replies to the sandbox's own connections",
    ),
    rule(
      `oifname "${ifname}"`,
      "drop",
      counters.use("drop_inbound"),
      "nothing outside the sandbox opens connections into it",
    ),
  ];
  const outside = `oifname != "${hostIfnamePrefix}*"`;
  const postrouting = [
    rule(
      `ip saddr ${addressing.ipv4.sandbox} ${outside}`,
      "masquerade",
      null,
      "NAT the sandbox out through the host's uplinks, never towards another sandbox",
    ),
  ];
  if (addressing.ipv6 !== null) {
    postrouting.push(
      rule(
        `ip6 saddr ${addressing.ipv6.sandbox} ${outside}`,
        "masquerade",
        null,
        "NAT66 the sandbox's ULA address out through the host's uplinks",
      ),
    );
  }
  const inet: NftTable = {
    family: "inet",
    name: table,
    counters: counters.declarations,
    sets: egress.sets,
    chains: [
      {
        name: "antispoof",
        hook: { type: "filter", hook: "prerouting", priority: "raw" },
        rules: antispoof,
      },
      {
        name: "input",
        hook: { type: "filter", hook: "input", priority: "filter" },
        rules: inputChain,
      },
      { name: "egress", hook: null, rules: egress.rules },
      {
        name: "forward",
        hook: { type: "filter", hook: "forward", priority: "filter" },
        rules: forward,
      },
      {
        name: "postrouting",
        hook: { type: "nat", hook: "postrouting", priority: "srcnat" },
        rules: postrouting,
      },
    ],
  };
  const arpCounters = new CounterCollector();
  const arp = arpAntispoofTable(input, table, arpCounters);
  const tables = [inet, arp];
  return {
    text: renderNftTables(tables),
    teardownText: renderNftTeardown(tables),
    tables,
    counters: [...countersOf(inet, counters), ...countersOf(arp, arpCounters)],
    hostSets: egress.hostSets,
  };
}
