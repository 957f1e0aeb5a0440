import { domainToASCII } from "node:url";
import { AirlockError } from "../../core/airlock-error.js";
import { formatCidr, parseCidr } from "./cidr.js";
import { enclosingClass } from "./destination-classes.js";
import {
  formatAllowEntry,
  networkPolicyKinds,
  type AllowEntry,
  type AllowTarget,
  type NetworkPolicy,
  type PortRange,
  type TransportProtocol,
} from "./network-policy.js";

/** The accepted item forms, quoted in every parse error. */
export const allowItemForms =
  "HOST[:PORTS][/PROTO], IPV4[/LEN][:PORTS][/PROTO], IPV6[/LEN][/PROTO] or " +
  "[IPV6[/LEN]]:PORTS[/PROTO], comma-separated; PORTS is 443, 80+443 or 8000-8100; " +
  "PROTO is tcp, udp or both (the default); HOST may start with `*.` for every name below it";

const example = "example.com:443,10.1.2.0/24,[2001:db8::1]:53/udp,*.npmjs.org";

/** Thrown only inside this file; parseAllowList turns it into AIRLOCK_E_USAGE naming the item. */
class ItemProblem extends Error {}

function fail(problem: string): never {
  throw new ItemProblem(problem);
}

function parsePorts(text: string): PortRange[] {
  if (text === "") fail('nothing follows ":" (expected a port such as 443)');
  const ranges = text.split("+").map((part): PortRange => {
    const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(part);
    if (m === null) fail(`"${part}" is not a port or a port range`);
    const first = Number(m[1]);
    const last = m[2] === undefined ? first : Number(m[2]);
    if (first < 1 || last > 65535) fail(`port ${first < 1 ? first : last} is outside 1-65535`);
    if (first > last) fail(`port range ${part} runs backwards`);
    return { first, last };
  });
  ranges.sort((a, b) => a.first - b.first);
  const merged: PortRange[] = [];
  for (const range of ranges) {
    const previous = merged.at(-1);
    if (previous !== undefined && range.first <= previous.last + 1) {
      merged[merged.length - 1] = {
        first: previous.first,
        last: Math.max(previous.last, range.last),
      };
    } else {
      merged.push(range);
    }
  }
  return merged;
}

const hostLabel = /^(?:[a-z0-9_]|[a-z0-9_][a-z0-9_-]{0,61}[a-z0-9_])$/;

/**
 * Lowercase ASCII (punycode for international names), no trailing dot, letters, digits, `_`
 * and inner `-` per label, at most 253 characters, a last label that is not all digits (so
 * `10.1.2` is a bad address, not a host). A `*.` prefix is the only wildcard.
 */
function parseHostName(text: string): string {
  const wildcard = text.startsWith("*.");
  const body = wildcard ? text.slice(2) : text;
  if (body.includes("*"))
    fail("a wildcard is only allowed as a leading `*.` (as in *.example.com)");
  const ascii = /^[\x21-\x7e]*$/.test(body) ? body.toLowerCase() : domainToASCII(body);
  const name = ascii.endsWith(".") ? ascii.slice(0, -1) : ascii;
  const labels = name.split(".");
  if (name === "" || name.length > 253 || !labels.every((l) => hostLabel.test(l))) {
    fail(`"${text}" is not a host name, an IPv4 address or a CIDR`);
  }
  if (/^\d+$/.test(labels.at(-1) ?? ""))
    fail(`"${text}" is neither a valid IPv4 address nor a host name`);
  return wildcard ? `*.${name}` : name;
}

function parseTarget(text: string): AllowTarget {
  if (text === "") fail("the destination is missing");
  if (text.includes(":") || /^[\d./]+$/.test(text)) {
    const parsed = parseCidr(text);
    if (!parsed.ok) fail(parsed.problem);
    const never = enclosingClass(parsed.cidr, "always");
    if (never !== undefined) {
      fail(
        `${formatCidr(parsed.cidr)} is never reachable from a sandbox (${never.id}: ${never.reason})`,
      );
    }
    return { kind: "cidr", cidr: formatCidr(parsed.cidr) };
  }
  if (text.includes("/")) fail("a host name has no prefix length; only addresses take /LEN");
  return { kind: "host", name: parseHostName(text) };
}

const protocols: readonly TransportProtocol[] = ["tcp", "udp", "both"];

/** One item (see allowItemForms); throws ItemProblem. */
function parseItem(item: string): AllowEntry {
  let rest = item;
  let protocol: TransportProtocol = "both";
  const proto = /\/(tcp|udp|both)$/i.exec(rest);
  if (proto !== null) {
    protocol = protocols.find((p) => p === proto[1]?.toLowerCase()) ?? "both";
    rest = rest.slice(0, proto.index);
  }
  let targetText: string;
  let portsText: string | undefined;
  if (rest.startsWith("[")) {
    const close = rest.indexOf("]");
    if (close === -1) fail('"[" without a closing "]"');
    targetText = rest.slice(1, close);
    if (!targetText.includes(":")) fail("square brackets are only for IPv6 addresses");
    const after = rest.slice(close + 1);
    if (after !== "" && !after.startsWith(":")) fail(`unexpected "${after}" after "]"`);
    portsText = after === "" ? undefined : after.slice(1);
  } else if (rest.split(":").length > 2) {
    // A bare IPv6 address or CIDR: its colons are not a port separator.
    targetText = rest;
  } else {
    const colon = rest.indexOf(":");
    targetText = colon === -1 ? rest : rest.slice(0, colon);
    portsText = colon === -1 ? undefined : rest.slice(colon + 1);
  }
  const target = parseTarget(targetText);
  return { target, ports: portsText === undefined ? "all" : parsePorts(portsText), protocol };
}

/**
 * Reads a comma-separated allow list such as
 * `example.com:443,10.1.2.0/24,[2001:db8::1]:53/udp,registry.npmjs.org` into entries in
 * canonical form (duplicates removed, order kept). Whitespace around items is ignored.
 * AIRLOCK_E_USAGE names the first bad item, says what is wrong with it and gives the forms.
 */
export function parseAllowList(text: string): AllowEntry[] {
  const items = text.split(",").map((item) => item.trim());
  if (items.every((item) => item === "")) {
    throw new AirlockError("AIRLOCK_E_USAGE", "the allow list is empty", {
      fix: `list destinations as ${allowItemForms}, e.g. ${example}`,
    });
  }
  const entries = new Map<string, AllowEntry>();
  for (const [index, item] of items.entries()) {
    try {
      if (item === "") fail(`item ${index + 1} is empty (two commas in a row?)`);
      const entry = parseItem(item);
      entries.set(formatAllowEntry(entry), entry);
    } catch (e: unknown) {
      if (!(e instanceof ItemProblem)) throw e;
      throw new AirlockError("AIRLOCK_E_USAGE", `invalid allow list item "${item}": ${e.message}`, {
        fix: `write each item as ${allowItemForms}, e.g. ${example}`,
      });
    }
  }
  return [...entries.values()];
}

/**
 * A policy from its name (`none`, `internet`, `allowlist`, any case) and, for `allowlist`,
 * the list parseAllowList reads. AIRLOCK_E_USAGE for an unknown name, an allowlist without a
 * list, or a list given to a policy that takes none.
 */
export function parseNetworkPolicy(name: string, allow?: string): NetworkPolicy {
  const kind = networkPolicyKinds.find((k) => k === name.trim().toLowerCase());
  if (kind === undefined) {
    throw new AirlockError("AIRLOCK_E_USAGE", `unknown network policy "${name}"`, {
      fix: `use one of ${networkPolicyKinds.join(", ")}`,
    });
  }
  if (kind === "allowlist") {
    if (allow === undefined || allow.trim() === "") {
      throw new AirlockError(
        "AIRLOCK_E_USAGE",
        "network policy allowlist needs a list of destinations",
        { fix: `add \`--allow ${example}\` (${allowItemForms})` },
      );
    }
    return { kind, entries: parseAllowList(allow) };
  }
  if (allow !== undefined) {
    throw new AirlockError(
      "AIRLOCK_E_USAGE",
      `an allow list ("${allow}") only applies to network policy allowlist, not ${kind}`,
      { fix: `use \`--network allowlist --allow ${allow}\`, or leave the allow list out` },
    );
  }
  return { kind };
}

/**
 * A policy kept as text by layers that know nothing of policies (job specs, image limits,
 * runner config): its name and allowlist items. Same errors as parseNetworkPolicy.
 */
export function parsePolicyText(text: {
  readonly policy: string;
  readonly allow: readonly string[];
}): NetworkPolicy {
  return parseNetworkPolicy(
    text.policy,
    text.allow.length === 0 ? undefined : text.allow.join(","),
  );
}
