import { AirlockError } from "../../core/airlock-error.js";

/**
 * An nftables ruleset as reviewable data, and its rendering as text for `nft -f -`. Every
 * rule carries the reason it exists, rendered as its comment, so `nft list ruleset` on a
 * host explains itself. Rendering validates what it writes: a name, match or comment that
 * could break out of its place in the text is airlock's bug (AIRLOCK_E_INTERNAL), never
 * rendered.
 */
export type NftFamily = "inet" | "arp";

export type NftVerdict = "accept" | "drop" | "masquerade" | `jump ${string}`;

export interface NftRule {
  /** nft match expressions (`ip daddr 10.0.0.0/8`); empty matches every packet. */
  readonly match: string;
  readonly verdict: NftVerdict;
  /** The named counter of this table the rule bumps, or null for none. */
  readonly counter: string | null;
  /** Why the rule exists: the rule's comment. */
  readonly reason: string;
}

/**
 * A base chain's attachment. Base chains always have policy accept: each table concerns one
 * sandbox, and a drop policy would drop every other packet of the host.
 */
export interface NftHook {
  readonly type: "filter" | "nat";
  readonly hook: "prerouting" | "input" | "forward" | "postrouting";
  readonly priority: "raw" | "filter" | "srcnat";
}

export interface NftChain {
  readonly name: string;
  /** null for a regular chain, reached only by `jump`. */
  readonly hook: NftHook | null;
  readonly rules: readonly NftRule[];
}

export interface NftCounter {
  readonly name: string;
  readonly comment: string;
}

/**
 * A named address set. Rendered with `flags timeout`, so elements added later (the DNS
 * forwarder's pins) may carry a timeout; elements given here never expire.
 */
export interface NftSet {
  readonly name: string;
  readonly type: "ipv4_addr" | "ipv6_addr";
  readonly comment: string;
  /** Canonical addresses. */
  readonly elements: readonly string[];
}

export interface NftTable {
  readonly family: NftFamily;
  readonly name: string;
  readonly counters: readonly NftCounter[];
  readonly sets: readonly NftSet[];
  readonly chains: readonly NftChain[];
}

/** nft refuses longer comments ("comment too long, 128 characters maximum allowed"). */
export const maxCommentBytes = 128;

/** `text` cut to fit a comment (with "..." when cut), for reasons that quote user data. */
export function fitComment(text: string): string {
  if (Buffer.byteLength(text) <= maxCommentBytes) return text;
  let cut = text;
  while (Buffer.byteLength(`${cut}...`) > maxCommentBytes) cut = cut.slice(0, -1);
  return `${cut}...`;
}

function bug(message: string): AirlockError {
  return new AirlockError("AIRLOCK_E_INTERNAL", `nft ruleset: ${message}`);
}

const identifier = /^[a-zA-Z][a-zA-Z0-9_-]*$/;

function name(text: string): string {
  if (!identifier.test(text) || text.length > 255) throw bug(`bad name "${text}"`);
  return text;
}

function comment(text: string): string {
  if (text === "" || /["\\\n\r]/.test(text) || Buffer.byteLength(text) > maxCommentBytes) {
    throw bug(`a comment must be 1-${maxCommentBytes} bytes without quotes or newlines: ${text}`);
  }
  return `comment "${text}"`;
}

function renderRule(rule: NftRule, counters: ReadonlySet<string>): string {
  if (/[\n\r;#]/.test(rule.match)) throw bug(`a match cannot span statements: ${rule.match}`);
  if (rule.verdict.startsWith("jump ")) name(rule.verdict.slice(5));
  if (rule.counter !== null && !counters.has(rule.counter)) {
    throw bug(`rule uses undeclared counter ${rule.counter}`);
  }
  const parts = [
    rule.match,
    rule.counter === null ? "" : `counter name "${rule.counter}"`,
    rule.verdict,
    comment(rule.reason),
  ];
  return parts.filter((p) => p !== "").join(" ");
}

function renderTable(table: NftTable): string[] {
  const counters = new Set(table.counters.map((c) => c.name));
  const lines = [`table ${table.family} ${name(table.name)} {`];
  for (const counter of table.counters) {
    lines.push(`\tcounter ${name(counter.name)} {`, `\t\t${comment(counter.comment)}`, "\t}");
  }
  for (const set of table.sets) {
    lines.push(
      `\tset ${name(set.name)} {`,
      `\t\ttype ${set.type}`,
      "\t\tflags timeout",
      `\t\t${comment(set.comment)}`,
    );
    for (const element of set.elements) {
      if (!/^[0-9a-f.:]+$/.test(element)) throw bug(`bad set element ${element}`);
    }
    if (set.elements.length > 0) lines.push(`\t\telements = { ${set.elements.join(", ")} }`);
    lines.push("\t}");
  }
  for (const chain of table.chains) {
    lines.push(`\tchain ${name(chain.name)} {`);
    if (chain.hook !== null) {
      const { type, hook, priority } = chain.hook;
      lines.push(`\t\ttype ${type} hook ${hook} priority ${priority}; policy accept;`);
    }
    for (const rule of chain.rules) lines.push(`\t\t${renderRule(rule, counters)}`);
    lines.push("\t}");
  }
  lines.push("}");
  return lines;
}

/**
 * Text that removes `tables` if present and never fails when they are absent: declaring an
 * empty table first makes the delete that follows always valid.
 */
export function renderNftTeardown(tables: readonly NftTable[]): string {
  return tables
    .flatMap((t) => [`table ${t.family} ${name(t.name)}`, `delete table ${t.family} ${t.name}`])
    .map((line) => `${line}\n`)
    .join("");
}

/**
 * Text that replaces `tables` as a whole: each is deleted if present and then created from
 * scratch, in one `nft -f` transaction, so applying it twice gives the same ruleset and no
 * packet ever sees half of it.
 */
export function renderNftTables(tables: readonly NftTable[]): string {
  const body = tables.flatMap(renderTable).map((line) => `${line}\n`);
  return renderNftTeardown(tables) + body.join("");
}

/** A rule whose reason is cut to fit a comment when it quotes user data. */
export function nftRule(
  match: string,
  verdict: NftVerdict,
  counter: string | null,
  reason: string,
): NftRule {
  return { match, verdict, counter, reason: fitComment(reason) };
}
