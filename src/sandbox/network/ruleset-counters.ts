import type { DestinationClass } from "./destination-classes.js";
import { fitComment, type NftCounter } from "./nft-ruleset.js";

/**
 * The named counters a sandbox's ruleset may declare that do not count a DestinationClass
 * (those are `drop_<class id>`), each with the class of traffic it counts and its comment.
 * Accept counters count the first packet of each connection (later ones are accepted as
 * established before any counted rule).
 */
export const rulesetCounters = {
  drop_spoofed: ["spoofed-source", "frames from the sandbox whose source MAC or IP is not its own"],
  drop_spoofed_arp: ["spoofed-source", "ARP from the sandbox claiming another MAC or IPv4 address"],
  drop_ipv6_disabled: [
    "ipv6-disabled",
    "IPv6 from the sandbox on a host that gives sandboxes none",
  ],
  drop_invalid: ["invalid", "packets from the sandbox that belong to no valid connection"],
  drop_peers: ["peers", "packets to other sandboxes (the whole sandbox address pool)"],
  drop_foreign_dns: ["foreign-dns", "DNS to resolvers other than the gateway's forwarder"],
  drop_not_listed: ["not-listed", "packets to destinations the allowlist does not list"],
  drop_inbound: ["inbound", "new connections into the sandbox from outside it"],
  drop_host: ["host", "packets to the host itself (any of its addresses), except DNS"],
  drop_link_noise: ["link-noise", "router solicitations and MLD reports: link housekeeping"],
  accept_dns: ["dns", "DNS queries to the gateway's forwarder"],
  accept_internet: ["internet", "new connections to the internet"],
  accept_listed: ["listed", "new connections to allowlisted destinations"],
} as const satisfies Record<string, readonly [string, string]>;

export type RulesetCounterName = keyof typeof rulesetCounters;

export interface CounterUse {
  readonly name: string;
  readonly verdict: "accept" | "drop";
  /** A DestinationClassId, or the first element of a rulesetCounters entry. */
  readonly destinationClass: string;
  readonly comment: string;
}

/** Collects the counters one table's rules use, so the table declares exactly those. */
export class CounterCollector {
  readonly #used = new Map<string, CounterUse>();

  /** Declares `name` and returns it, for a rule's `counter`. */
  use(name: RulesetCounterName): string {
    const [destinationClass, comment] = rulesetCounters[name];
    return this.#add(name, destinationClass, comment);
  }

  /** Declares `drop_<class id>` and returns it. */
  useClass(c: DestinationClass): string {
    return this.#add(`drop_${c.id}`, c.id, c.reason);
  }

  #add(name: string, destinationClass: string, comment: string): string {
    const verdict = name.startsWith("accept_") ? "accept" : "drop";
    this.#used.set(name, { name, verdict, destinationClass, comment: fitComment(comment) });
    return name;
  }

  get used(): readonly CounterUse[] {
    return [...this.#used.values()];
  }

  get declarations(): readonly NftCounter[] {
    return this.used.map(({ name, comment }) => ({ name, comment }));
  }
}
