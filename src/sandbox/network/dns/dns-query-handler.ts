import { performance } from "node:perf_hooks";
import { answerAddresses } from "./dns-answer-addresses.js";
import {
  dnsClassIn,
  dnsOpcodeQuery,
  dnsRcode,
  dnsRcodeName,
  dnsType,
  dnsTypeName,
} from "./dns-codes.js";
import {
  buildDnsReply,
  ednsUdpBytes,
  parseDnsQuery,
  udpReplyLimit,
  withDnsId,
  type DnsQuery,
} from "./dns-message.js";
import { dnsNameText } from "./dns-name.js";
import type { DnsNameFilter } from "./dns-policy.js";
import { queryUpstreams, type DnsEndpoint, type DnsTransport } from "./dns-upstream.js";

/** One line of a sandbox's DNS query log. */
export interface DnsQueryLogEntry {
  /** When the query arrived, ISO 8601. */
  readonly time: string;
  /** The question name in escaped presentation form (`example.com`, `.` for the root). */
  readonly name: string;
  /** The question type's mnemonic (`A`, `AAAA`, `TYPE65534`). */
  readonly type: string;
  readonly transport: DnsTransport;
  /** forwarded: an upstream answered (even NXDOMAIN); refused: policy; failed: no answer. */
  readonly verdict: "forwarded" | "refused" | "failed";
  /** The rcode the client got (`NOERROR`, `NXDOMAIN`, `REFUSED`, `SERVFAIL`, `NOTIMP`). */
  readonly rcode: string;
  /** The upstream that answered, `address:port`, when one did. */
  readonly upstream: string | undefined;
  /** From arrival to the reply being ready, in milliseconds (0.1 ms resolution). */
  readonly latencyMs: number;
}

export interface DnsResolvedAddresses {
  readonly v4: readonly string[];
  readonly v6: readonly string[];
}

/**
 * Told the A/AAAA addresses of an answer the sandbox is about to receive (CNAME chains
 * followed), before the reply is sent, so the addresses can be pinned into the sandbox's
 * allow sets before the sandbox can connect to them. `name` is the question name in
 * presentation form; `ttl` is the smallest TTL of the records used, as the upstream gave
 * it (it can be 0: apply a floor when pinning). A rejection turns the reply into SERVFAIL.
 */
export type DnsResolvedListener = (
  name: string,
  addresses: DnsResolvedAddresses,
  ttl: number,
) => void | Promise<void>;

export interface DnsQueryHandlerOptions {
  readonly upstreams: readonly DnsEndpoint[];
  readonly allows: DnsNameFilter;
  /** Must not throw; if it does, the exception is swallowed so the forwarder keeps serving. */
  readonly onQuery: (entry: DnsQueryLogEntry) => void;
  readonly onResolved: DnsResolvedListener | undefined;
  readonly timeoutMs: number;
  /** Queries waiting for an upstream at once; more get SERVFAIL at once. */
  readonly maxInFlight: number;
  /** Set when the forwarder closes: pending queries end without a reply or a log entry. */
  readonly signal: AbortSignal;
}

/** Types never forwarded: zone transfers, obsolete mail meta-queries, and OPT as a question. */
const refusedTypes = new Set<number>([
  dnsType.OPT,
  dnsType.IXFR,
  dnsType.AXFR,
  dnsType.MAILB,
  dnsType.MAILA,
]);

/** Answers one client message: a reply to send, or undefined to send nothing (dropped). */
export type DnsQueryHandler = (
  message: Buffer,
  transport: DnsTransport,
) => Promise<Buffer | undefined>;

/**
 * The transport-independent forwarder logic. Malformed queries are dropped without a log
 * entry (nothing trustworthy to log, and no amplification of garbage). Other opcodes get
 * NOTIMP; classes other than IN, refused types, and names the policy does not allow get
 * REFUSED; the rest is asked upstream as a clean query and the answer relayed with the
 * client's id, or SERVFAIL when no upstream answers. Over UDP an answer larger than the
 * client can take is replaced by an empty TC reply so the client retries over TCP.
 */
export function createDnsQueryHandler(options: DnsQueryHandlerOptions): DnsQueryHandler {
  let inFlight = 0;
  // A function, not a property read: TypeScript would otherwise keep an old narrowing of
  // `aborted` across awaits, during which the forwarder may close.
  const closed = (): boolean => options.signal.aborted;

  const log = (entry: DnsQueryLogEntry): void => {
    if (closed()) return;
    try {
      options.onQuery(entry);
    } catch {
      // The log callback's bug must not stop DNS for the sandbox (see onQuery's contract).
    }
  };

  const resolve = async (
    query: DnsQuery,
    transport: DnsTransport,
  ): Promise<{ reply: Buffer; rcode: number; upstream?: DnsEndpoint } | undefined> => {
    const { question } = query;
    const edns =
      query.edns === undefined
        ? undefined
        : {
            udpSize: transport === "udp" ? udpReplyLimit(query) : ednsUdpBytes,
            dnssecOk: query.edns.dnssecOk,
          };
    const answer = await queryUpstreams(options.upstreams, {
      query: {
        question,
        recursionDesired: query.recursionDesired,
        checkingDisabled: query.checkingDisabled,
        edns,
      },
      transport,
      timeoutMs: options.timeoutMs,
      signal: options.signal,
    });
    if (closed()) return undefined;
    if (answer === undefined) return { reply: servfail(query), rcode: dnsRcode.SERVFAIL };
    const { response, upstream } = answer;
    if (options.onResolved !== undefined && response.rcode === dnsRcode.NOERROR) {
      const found = answerAddresses(response, question.name);
      if (found.v4.length + found.v6.length > 0) {
        try {
          await options.onResolved(dnsNameText(question.name), found, found.ttl);
        } catch {
          return { reply: servfail(query), rcode: dnsRcode.SERVFAIL };
        }
        if (closed()) return undefined;
      }
    }
    const reply = withDnsId(answer.message, query.id);
    if (transport === "udp" && reply.length > udpReplyLimit(query)) {
      return {
        reply: buildDnsReply(query, { rcode: response.rcode, truncated: true }),
        rcode: response.rcode,
        upstream,
      };
    }
    return { reply, rcode: response.rcode, upstream };
  };

  return async (message, transport) => {
    const started = performance.now();
    const time = new Date().toISOString();
    const query = parseDnsQuery(message);
    if (query === undefined) return undefined;
    const finish = (
      verdict: DnsQueryLogEntry["verdict"],
      reply: Buffer,
      rcode: number,
      upstream?: DnsEndpoint,
    ): Buffer => {
      log({
        time,
        name: dnsNameText(query.question.name),
        type: dnsTypeName(query.question.type),
        transport,
        verdict,
        rcode: dnsRcodeName(rcode),
        upstream: upstream === undefined ? undefined : endpointText(upstream),
        latencyMs: Math.round((performance.now() - started) * 10) / 10,
      });
      return reply;
    };
    if (query.opcode !== dnsOpcodeQuery) {
      const rcode = dnsRcode.NOTIMP;
      return finish("refused", buildDnsReply(query, { rcode }), rcode);
    }
    const { question } = query;
    if (
      question.class !== dnsClassIn ||
      refusedTypes.has(question.type) ||
      !options.allows(question.name)
    ) {
      const rcode = dnsRcode.REFUSED;
      return finish("refused", buildDnsReply(query, { rcode }), rcode);
    }
    if (inFlight >= options.maxInFlight)
      return finish("failed", servfail(query), dnsRcode.SERVFAIL);
    inFlight++;
    try {
      const result = await resolve(query, transport);
      if (result === undefined) return undefined;
      const verdict = result.rcode === dnsRcode.SERVFAIL ? "failed" : "forwarded";
      return finish(verdict, result.reply, result.rcode, result.upstream);
    } finally {
      inFlight--;
    }
  };
}

function servfail(query: DnsQuery): Buffer {
  return buildDnsReply(query, { rcode: dnsRcode.SERVFAIL });
}

function endpointText(endpoint: DnsEndpoint): string {
  return endpoint.address.includes(":")
    ? `[${endpoint.address}]:${endpoint.port}`
    : `${endpoint.address}:${endpoint.port}`;
}
