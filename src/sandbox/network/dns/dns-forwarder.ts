import { createSocket, type Socket as UdpSocket } from "node:dgram";
import { createServer, isIPv6, type Server, type Socket } from "node:net";
import { AirlockError } from "../../../core/airlock-error.js";
import { compileDnsPolicy, type DnsPolicy } from "./dns-policy.js";
import {
  createDnsQueryHandler,
  type DnsQueryHandler,
  type DnsQueryLogEntry,
  type DnsResolvedListener,
} from "./dns-query-handler.js";
import { DnsTcpFrames, frameDnsMessage } from "./dns-tcp-frames.js";
import type { DnsEndpoint } from "./dns-upstream.js";

export interface DnsForwarderOptions {
  /** Where the sandbox reaches the forwarder: its gateway address. Port 0 picks a free one. */
  readonly listen: DnsEndpoint;
  /** Tried in order for each query (see parseHostResolvers). May be empty only for `none`. */
  readonly upstreams: readonly DnsEndpoint[];
  readonly policy: DnsPolicy;
  /** One entry per answered query: the sandbox's query log. Must not throw. */
  readonly onQuery: (entry: DnsQueryLogEntry) => void;
  /** Addresses of every NOERROR answer relayed, awaited before the reply goes out. */
  readonly onResolved?: DnsResolvedListener;
  /** How long to wait for each upstream before trying the next one. */
  readonly timeoutMs: number;
  /** Queries waiting for upstreams at once before new ones get SERVFAIL (default 64). */
  readonly maxInFlight?: number;
}

export interface DnsForwarder extends AsyncDisposable {
  readonly address: string;
  /** The same port serves UDP and TCP. */
  readonly port: number;
  /** Stops listening, drops TCP clients and pending upstream queries; idempotent. */
  close(): Promise<void>;
}

/** Concurrent TCP clients per forwarder; more are refused by the kernel backlog. */
const maxTcpConnections = 16;
/** An idle TCP client is dropped after this long (RFC 7766 suggests seconds, not minutes). */
const tcpIdleMs = 10_000;
/** With port 0, how often to retry when TCP cannot take the port UDP got. */
const portAttempts = 8;

/**
 * Starts a DNS forwarder for one sandbox, on UDP and TCP at `listen`. The policy is
 * compiled first (AIRLOCK_E_USAGE for a bad allowlist entry); failing to bind gives
 * AIRLOCK_E_SANDBOX_CREATE_FAILED. Every socket it opens is closed by `close()`.
 */
export async function startDnsForwarder(options: DnsForwarderOptions): Promise<DnsForwarder> {
  if (!Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0) {
    throw new AirlockError(
      "AIRLOCK_E_INTERNAL",
      `DNS timeout must be positive, got ${options.timeoutMs}`,
    );
  }
  if (options.upstreams.length === 0 && options.policy.kind !== "none") {
    throw new AirlockError("AIRLOCK_E_HOST_MISSING", "the host has no DNS resolver to forward to", {
      fix: "add a nameserver line to /etc/resolv.conf, or use network policy none",
    });
  }
  const allows = compileDnsPolicy(options.policy);
  const abort = new AbortController();
  const handle = createDnsQueryHandler({
    upstreams: options.upstreams,
    allows,
    onQuery: options.onQuery,
    onResolved: options.onResolved,
    timeoutMs: options.timeoutMs,
    maxInFlight: options.maxInFlight ?? 64,
    signal: abort.signal,
  });
  const { udp, tcp } = await bindListeners(options.listen);
  const connections = new Set<Socket>();
  serveUdp(udp, handle, abort.signal);
  tcp.on("connection", (socket) => serveTcp(socket, handle, connections));
  tcp.on("error", () => {}); // accept errors (EMFILE) must not crash the host process
  const bound = udp.address();

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      abort.abort();
      for (const socket of connections) socket.destroy();
      await Promise.all([
        new Promise<void>((resolve) => udp.close(() => resolve())),
        new Promise<void>((resolve) => tcp.close(() => resolve())),
      ]);
    })());
  return { address: bound.address, port: bound.port, close, [Symbol.asyncDispose]: close };
}

function serveUdp(udp: UdpSocket, handle: DnsQueryHandler, signal: AbortSignal): void {
  udp.on("error", () => {}); // e.g. ICMP errors on send: a client's problem, not ours
  udp.on("message", (message, remote) => {
    void safely(handle(message, "udp")).then((reply) => {
      if (reply === undefined || signal.aborted) return;
      udp.send(reply, remote.port, remote.address, () => {});
    });
  });
}

function serveTcp(socket: Socket, handle: DnsQueryHandler, connections: Set<Socket>): void {
  connections.add(socket);
  const frames = new DnsTcpFrames();
  socket.setTimeout(tcpIdleMs, () => socket.destroy());
  socket.on("error", () => socket.destroy());
  socket.on("close", () => connections.delete(socket));
  socket.on("data", (chunk) => {
    const messages = frames.push(chunk);
    if (messages === undefined) {
      socket.destroy();
      return;
    }
    // Pipelined queries are answered as each is ready, possibly out of order (RFC 7766 6.2.1).
    for (const message of messages) {
      void safely(handle(message, "tcp")).then((reply) => {
        if (reply === undefined || socket.destroyed) return;
        socket.write(frameDnsMessage(reply));
      });
    }
  });
}

/** The handler is not expected to reject; if it does, the query is dropped, not the process. */
async function safely(pending: Promise<Buffer | undefined>): Promise<Buffer | undefined> {
  try {
    return await pending;
  } catch {
    return undefined;
  }
}

async function bindListeners(listen: DnsEndpoint): Promise<{ udp: UdpSocket; tcp: Server }> {
  const ipv6 = isIPv6(listen.address);
  for (let attempt = 1; ; attempt++) {
    const udp = createSocket({ type: ipv6 ? "udp6" : "udp4", ipv6Only: ipv6 });
    try {
      await new Promise<void>((resolve, reject) => {
        udp.once("error", reject);
        udp.bind({ address: listen.address, port: listen.port, exclusive: true }, () => {
          udp.off("error", reject);
          resolve();
        });
      });
    } catch (error) {
      closeQuietly(udp);
      throw bindError(listen, "UDP", error);
    }
    const port = udp.address().port;
    const tcp = createServer({ pauseOnConnect: false });
    tcp.maxConnections = maxTcpConnections;
    try {
      await new Promise<void>((resolve, reject) => {
        tcp.once("error", reject);
        tcp.listen({ host: listen.address, port, exclusive: true, ipv6Only: ipv6 }, () => {
          tcp.off("error", reject);
          resolve();
        });
      });
      return { udp, tcp };
    } catch (error) {
      closeQuietly(udp);
      const retry =
        listen.port === 0 && attempt < portAttempts && errorCode(error) === "EADDRINUSE";
      if (!retry) throw bindError({ address: listen.address, port }, "TCP", error);
    }
  }
}

function closeQuietly(udp: UdpSocket): void {
  try {
    udp.close();
  } catch {
    // already closed by the failed bind
  }
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  return typeof error.code === "string" ? error.code : undefined;
}

function bindError(listen: DnsEndpoint, transport: string, cause: unknown): AirlockError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new AirlockError(
    "AIRLOCK_E_SANDBOX_CREATE_FAILED",
    `cannot listen for DNS (${transport}) on ${listen.address} port ${listen.port}: ${reason}`,
    { cause },
  );
}
