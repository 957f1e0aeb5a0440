import { randomInt } from "node:crypto";
import { createSocket } from "node:dgram";
import { connect, isIPv6 } from "node:net";
import { dnsNamesEqual } from "./dns-name.js";
import {
  buildDnsQuery,
  isFinalRcode,
  parseDnsResponse,
  type DnsQueryFields,
  type DnsResponse,
} from "./dns-message.js";
import { DnsTcpFrames, frameDnsMessage } from "./dns-tcp-frames.js";

/** Where a DNS server listens. `address` is an IP literal (IPv6 may carry a `%zone`). */
export interface DnsEndpoint {
  readonly address: string;
  readonly port: number;
}

export type DnsTransport = "udp" | "tcp";

export interface UpstreamAnswer {
  /** The upstream's message as received (its id is the one airlock chose, not the client's). */
  readonly message: Buffer;
  readonly response: DnsResponse;
  readonly upstream: DnsEndpoint;
}

export interface UpstreamRequest {
  /** The query to send, without its id: each attempt draws a fresh random id. */
  readonly query: Omit<DnsQueryFields, "id">;
  readonly transport: DnsTransport;
  /** How long to wait for each upstream before trying the next. */
  readonly timeoutMs: number;
  /** Aborts every attempt at once (the forwarder is closing). */
  readonly signal: AbortSignal;
}

/**
 * Asks the upstreams in order and returns the first final answer (NOERROR or NXDOMAIN), or
 * undefined when every upstream timed out, failed, or answered SERVFAIL, REFUSED and the
 * like. Anti-spoofing: every attempt uses a new socket (a kernel-chosen random source port)
 * connected to that upstream, so datagrams from anywhere else never arrive, and a fresh
 * random id; a reply is taken only if its id, opcode and question match what was sent.
 * Anything else is ignored while the attempt waits.
 */
export async function queryUpstreams(
  upstreams: readonly DnsEndpoint[],
  request: UpstreamRequest,
): Promise<UpstreamAnswer | undefined> {
  for (const upstream of upstreams) {
    if (request.signal.aborted) return undefined;
    const id = randomInt(0, 0x10000);
    const sent = buildDnsQuery({ ...request.query, id });
    const exchange = request.transport === "udp" ? exchangeUdp : exchangeTcp;
    const message = await exchange(upstream, sent, request.timeoutMs, request.signal, (reply) => {
      const response = parseDnsResponse(reply);
      if (response?.id !== id || response.opcode !== 0 || response.question === undefined) {
        return undefined;
      }
      const { question } = request.query;
      const same =
        response.question.type === question.type &&
        response.question.class === question.class &&
        dnsNamesEqual(response.question.name, question.name);
      return same ? response : undefined;
    });
    if (message !== undefined && isFinalRcode(message.response.rcode)) {
      return { ...message, upstream };
    }
  }
  return undefined;
}

type Accept = (reply: Buffer) => DnsResponse | undefined;
type Exchange = (
  upstream: DnsEndpoint,
  query: Buffer,
  timeoutMs: number,
  signal: AbortSignal,
  accept: Accept,
) => Promise<{ message: Buffer; response: DnsResponse } | undefined>;

/** Settles once with the first accepted reply, or undefined on timeout, error or abort. */
function settleOnce(
  timeoutMs: number,
  signal: AbortSignal,
  release: () => void,
  resolve: (value: { message: Buffer; response: DnsResponse } | undefined) => void,
): (value: { message: Buffer; response: DnsResponse } | undefined) => void {
  let done = false;
  const finish = (value: { message: Buffer; response: DnsResponse } | undefined): void => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    signal.removeEventListener("abort", onAbort);
    release();
    resolve(value);
  };
  const onAbort = (): void => finish(undefined);
  const timer = setTimeout(onAbort, timeoutMs);
  signal.addEventListener("abort", onAbort, { once: true });
  return finish;
}

const exchangeUdp: Exchange = (upstream, query, timeoutMs, signal, accept) =>
  new Promise((resolve) => {
    const socket = createSocket(isIPv6(upstream.address.replace(/%.*$/, "")) ? "udp6" : "udp4");
    let open = true;
    const finish = settleOnce(
      timeoutMs,
      signal,
      () => {
        open = false;
        socket.close();
      },
      resolve,
    );
    if (signal.aborted) {
      finish(undefined);
      return;
    }
    socket.on("error", () => finish(undefined));
    socket.on("message", (reply) => {
      const response = accept(reply);
      if (response !== undefined) finish({ message: reply, response });
    });
    // Node calls this with the error when connect() fails (an unreachable resolver: no
    // route); sending on the unconnected socket would then throw out of the event loop.
    socket.connect(upstream.port, upstream.address, (error?: Error) => {
      if (!open || error !== undefined) {
        finish(undefined);
        return;
      }
      socket.send(query, (sendError) => {
        if (sendError) finish(undefined);
      });
    });
  });

const exchangeTcp: Exchange = (upstream, query, timeoutMs, signal, accept) =>
  new Promise((resolve) => {
    const socket = connect({ host: upstream.address, port: upstream.port });
    const finish = settleOnce(timeoutMs, signal, () => socket.destroy(), resolve);
    if (signal.aborted) {
      finish(undefined);
      return;
    }
    const frames = new DnsTcpFrames();
    socket.on("error", () => finish(undefined));
    socket.on("close", () => finish(undefined));
    socket.on("connect", () => socket.write(frameDnsMessage(query)));
    socket.on("data", (chunk) => {
      const messages = frames.push(chunk);
      if (messages === undefined) {
        finish(undefined);
        return;
      }
      for (const message of messages) {
        const response = accept(message);
        if (response !== undefined) {
          finish({ message, response });
          return;
        }
      }
    });
  });
