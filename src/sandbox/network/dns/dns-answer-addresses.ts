import { dnsClassIn } from "./dns-codes.js";
import { lowerDnsLabel, type DnsName } from "./dns-name.js";
import type { DnsResponse } from "./dns-message.js";

export interface DnsAnswerAddresses {
  readonly v4: readonly string[];
  readonly v6: readonly string[];
  /** The smallest TTL of the records used (CNAMEs on the way and the addresses); 0 if none. */
  readonly ttl: number;
}

/**
 * The A and AAAA addresses an answer gives for `name`, following CNAME chains in any
 * record order. Only records owned by `name` or by a name it is aliased to count: address
 * records for unrelated names that an upstream put in the answer section are ignored, so
 * they can never be pinned. Class IN only; addresses are deduplicated.
 */
export function answerAddresses(response: DnsResponse, name: DnsName): DnsAnswerAddresses {
  const key = (n: DnsName): string => JSON.stringify(n.map(lowerDnsLabel));
  const records = response.answers.filter((r) => r.class === dnsClassIn);
  const chain = new Set([key(name)]);
  let ttl = Number.POSITIVE_INFINITY;
  for (let grew = true; grew;) {
    grew = false;
    for (const record of records) {
      if (record.data.kind !== "cname" || !chain.has(key(record.name))) continue;
      const target = key(record.data.target);
      if (chain.has(target)) continue;
      chain.add(target);
      ttl = Math.min(ttl, record.ttl);
      grew = true;
    }
  }
  const v4 = new Set<string>();
  const v6 = new Set<string>();
  let addressTtl = Number.POSITIVE_INFINITY;
  for (const record of records) {
    if (!chain.has(key(record.name))) continue;
    if (record.data.kind === "a") v4.add(record.data.address);
    else if (record.data.kind === "aaaa") v6.add(record.data.address);
    else continue;
    addressTtl = Math.min(addressTtl, record.ttl);
  }
  if (v4.size + v6.size === 0) return { v4: [], v6: [], ttl: 0 };
  return { v4: [...v4], v6: [...v6], ttl: Math.min(ttl, addressTtl) };
}
