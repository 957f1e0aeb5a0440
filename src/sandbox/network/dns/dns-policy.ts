import { domainToASCII } from "node:url";
import { AirlockError } from "../../../core/airlock-error.js";
import { lowerDnsLabel, type DnsName } from "./dns-name.js";

/**
 * What a sandbox may resolve. `internet`: everything. `none`: nothing. `allowlist`: only
 * the names listed; an entry `example.com` matches exactly that name, an entry
 * `*.example.com` matches every name below it at any depth (`a.example.com`,
 * `a.b.example.com`) but not `example.com` itself: list both to allow both.
 */
export type DnsPolicy =
  | { readonly kind: "internet" }
  | { readonly kind: "allowlist"; readonly names: readonly string[] }
  | { readonly kind: "none" };

/** Decides whether a question name may be forwarded. */
export type DnsNameFilter = (name: DnsName) => boolean;

const hostLabel = /^[a-z0-9_-]{1,63}$/;

/** An allowlist entry as lowercase ASCII labels, or an AirlockError naming the bad entry. */
function entryLabels(entry: string, raw: string): string[] {
  const ascii = /^[\x20-\x7e]*$/.test(entry) ? entry.toLowerCase() : domainToASCII(entry);
  const labels = ascii.replace(/\.$/, "").split(".");
  const valid =
    ascii.length > 0 && ascii.length <= 254 && labels.every((label) => hostLabel.test(label));
  if (!valid) {
    throw new AirlockError("AIRLOCK_E_USAGE", `invalid DNS allowlist entry "${raw}"`, {
      fix: 'use host names such as "example.com" or "*.example.com" (a "*." prefix only)',
    });
  }
  return labels;
}

/**
 * Compiles a policy into a name filter, validating allowlist entries (AIRLOCK_E_USAGE for
 * a bad one: empty, a bare `*`, a `*` anywhere but a leading `*.`, characters outside
 * letters, digits, `-` and `_`). Non-ASCII entries are converted to punycode. A question
 * name matches only if each of its labels is a plain host label too, so a label with an
 * embedded dot (`a\.example.com`) can never pass for `a.example.com`.
 */
export function compileDnsPolicy(policy: DnsPolicy): DnsNameFilter {
  if (policy.kind === "internet") return () => true;
  if (policy.kind === "none") return () => false;
  const exact = new Set<string>();
  const below = new Set<string>();
  for (const raw of policy.names) {
    const entry = raw.trim();
    if (entry.startsWith("*.")) below.add(entryLabels(entry.slice(2), raw).join("."));
    else exact.add(entryLabels(entry, raw).join("."));
  }
  return (name) => {
    const labels = name.map(lowerDnsLabel);
    if (labels.length === 0 || !labels.every((label) => hostLabel.test(label))) return false;
    if (exact.has(labels.join("."))) return true;
    for (let i = 1; i < labels.length; i++) {
      if (below.has(labels.slice(i).join("."))) return true;
    }
    return false;
  };
}
