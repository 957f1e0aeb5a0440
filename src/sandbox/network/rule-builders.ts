// The rules every per-sandbox chain shares.
import { AirlockError } from "../../core/airlock-error.js";
import { destinationClasses, type DestinationClass } from "./destination-classes.js";
import { daddrMatches } from "./nft-matches.js";
import { nftRule as rule, type NftRule } from "./nft-ruleset.js";
import type { CounterCollector } from "./ruleset-counters.js";

/** The class with `id`; its absence from destinationClasses is our bug. */
export function destinationClassById(id: DestinationClass["id"]): DestinationClass {
  const found = destinationClasses.find((c) => c.id === id);
  if (found === undefined) {
    throw new AirlockError("AIRLOCK_E_INTERNAL", `no destination class ${id}`);
  }
  return found;
}

/** One drop per family of `c` (plus `extra` addresses), counted as `c`. */
export function classDrops(
  c: DestinationClass,
  counters: CounterCollector,
  extra: readonly string[] = [],
): NftRule[] {
  return daddrMatches([...c.cidrs, ...extra]).map((m) =>
    rule(m, "drop", counters.useClass(c), c.reason),
  );
}

/** First rule of each base chain: every table sees the whole host's traffic. */
export const notOurs = (ifname: string): NftRule =>
  rule(`iifname != "${ifname}"`, "accept", null, "not from this sandbox: left to other tables");

export const established = rule(
  "ct state established,related",
  "accept",
  null,
  "replies and errors of connections already allowed",
);

export function invalid(counters: CounterCollector): NftRule {
  return rule(
    "ct state invalid",
    "drop",
    counters.use("drop_invalid"),
    "belongs to no valid connection",
  );
}
