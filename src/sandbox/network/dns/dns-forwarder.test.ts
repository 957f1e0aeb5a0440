// End to end on loopback only: a fake upstream on 127.0.0.1 (and ::1 where the host has
// it), the forwarder on 127.0.0.1, clients on 127.0.0.1. No packet leaves the machine.
import { createSocket, type Socket as UdpSocket } from "node:dgram";
import { connect, createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { dnsRcode, dnsType } from "./dns-codes.js";
import { startDnsForwarder, type DnsForwarder, type DnsForwarderOptions } from "./dns-forwarder.js";
import {
  buildDnsQuery,
  parseDnsQuery,
  parseDnsResponse,
  type DnsQuery,
  type DnsResponse,
} from "./dns-message.js";
import { dnsNameText, writeDnsName } from "./dns-name.js";
import type { DnsQueryLogEntry } from "./dns-query-handler.js";
import { DnsTcpFrames, frameDnsMessage } from "./dns-tcp-frames.js";
import type { DnsEndpoint, DnsTransport } from "./dns-upstream.js";

const loopback = "127.0.0.1";

// --- the fake upstream -------------------------------------------------------------------

interface ZoneEntry {
  readonly ttl: number;
  readonly a?: readonly string[];
  readonly aaaa?: readonly string[];
  readonly cname?: string;
}

const zone: Readonly<Record<string, ZoneEntry>> = {
  "a.example.com": { ttl: 300, a: ["192.0.2.1"], aaaa: ["2001:db8::1"] },
  "www.example.com": { ttl: 60, cname: "edge.cdn.test" },
  "edge.cdn.test": { ttl: 30, a: ["192.0.2.7"], aaaa: ["2001:db8::7"] },
  "api.example.org": { ttl: 120, a: ["192.0.2.9"] },
  "deep.api.example.org": { ttl: 120, a: ["192.0.2.10"] },
  "example.org": { ttl: 120, a: ["192.0.2.11"] },
  "evil.test": { ttl: 120, a: ["192.0.2.66"] },
  "spoof.test": { ttl: 10, a: ["192.0.2.8"] },
  "big.test": {
    ttl: 10,
    a: Array.from({ length: 60 }, (_, i) => `198.51.100.${i + 1}`),
  },
};

const ipv4Bytes = (text: string): Buffer => Buffer.from(text.split(".").map(Number));
const ipv6Bytes = (text: string): Buffer => {
  const [head = "", tail = ""] = text.split("::");
  const left = head === "" ? [] : head.split(":");
  const right = tail === "" ? [] : tail.split(":");
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right];
  const bytes = Buffer.alloc(16);
  groups.forEach((g, i) => bytes.writeUInt16BE(parseInt(g, 16), 2 * i));
  return bytes;
};

/** Answers like a recursive resolver would, compressing names as real servers do. */
function zoneAnswer(query: DnsQuery, options: { id?: number; address?: string } = {}): Buffer {
  const { question } = query;
  const parts: Buffer[] = [];
  let length = 12;
  const offsets = new Map<string, number>();
  const push = (part: Buffer): void => {
    parts.push(part);
    length += part.length;
  };
  const pushName = (text: string): void => {
    const known = offsets.get(text);
    if (known !== undefined) {
      push(Buffer.from([0xc0 | (known >> 8), known & 0xff]));
      return;
    }
    offsets.set(text, length);
    push(writeDnsName(text.split(".")));
  };
  const u16 = (n: number): Buffer => Buffer.from([n >> 8, n & 0xff]);
  const u32 = (n: number): Buffer =>
    Buffer.from([n >>> 24, (n >> 16) & 255, (n >> 8) & 255, n & 255]);

  const qname = dnsNameText(question.name);
  offsets.set(qname, length);
  push(writeDnsName(question.name)); // the question is echoed with its case
  push(Buffer.concat([u16(question.type), u16(question.class)]));
  let count = 0;
  let name = qname;
  let entry = zone[name];
  const record = (type: number, ttl: number, rdata: () => void): void => {
    pushName(name);
    push(Buffer.concat([u16(type), u16(1), u32(ttl)]));
    const lengthAt = parts.length;
    push(u16(0));
    const start = length;
    rdata();
    parts[lengthAt] = u16(length - start);
    count++;
  };
  while (entry?.cname !== undefined) {
    const target = entry.cname;
    record(dnsType.CNAME, entry.ttl, () => pushName(target));
    name = target;
    entry = zone[name];
  }
  if (entry !== undefined && question.type === dnsType.A) {
    for (const address of options.address === undefined ? (entry.a ?? []) : [options.address]) {
      record(dnsType.A, entry.ttl, () => push(ipv4Bytes(address)));
    }
  }
  if (entry !== undefined && question.type === dnsType.AAAA) {
    for (const address of entry.aaaa ?? []) {
      record(dnsType.AAAA, entry.ttl, () => push(ipv6Bytes(address)));
    }
  }
  const rcode = entry === undefined && count === 0 ? dnsRcode.NXDOMAIN : dnsRcode.NOERROR;
  const header = Buffer.alloc(12);
  header.writeUInt16BE(options.id ?? query.id, 0);
  header.writeUInt16BE(0x8180 | rcode, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(count, 6);
  return Buffer.concat([header, ...parts]);
}

interface FakeUpstream {
  readonly endpoint: DnsEndpoint;
  readonly received: { readonly query: DnsQuery; readonly raw: Buffer; transport: DnsTransport }[];
  close(): Promise<void>;
}

type Mode = "answer" | "silent" | "servfail";

/** UDP on a free port, then TCP on the same one; retried if that TCP port is taken. */
async function bindUdpAndTcp(address: string): Promise<{ udp: UdpSocket; tcp: Server }> {
  for (let attempt = 1; ; attempt++) {
    const udp = createSocket(address.includes(":") ? "udp6" : "udp4");
    await new Promise<void>((resolve) => udp.bind(0, address, resolve));
    const tcp = createServer();
    try {
      await new Promise<void>((resolve, reject) => {
        tcp.once("error", reject);
        tcp.listen(udp.address().port, address, resolve);
      });
      return { udp, tcp };
    } catch (error) {
      udp.close();
      if (attempt === 8) throw error;
    }
  }
}

async function startFakeUpstream(mode: Mode = "answer", address = loopback): Promise<FakeUpstream> {
  const { udp, tcp } = await bindUdpAndTcp(address);
  const port = udp.address().port;
  const received: FakeUpstream["received"] = [];
  const sockets = new Set<{ destroy(): void }>();
  const stray: UdpSocket[] = [];

  const respond = (raw: Buffer, transport: DnsTransport, send: (reply: Buffer) => void): void => {
    const query = parseDnsQuery(raw);
    if (query === undefined) return;
    received.push({ query, raw, transport });
    const name = dnsNameText(query.question.name);
    if (mode === "silent" || name === "slow.test") return;
    if (mode === "servfail") {
      const reply = zoneAnswer(query);
      reply.writeUInt16BE(0x8182, 2);
      send(reply);
      return;
    }
    if (name === "spoof.test") {
      // wrong id; right id but another question; right id from another port; then the truth
      send(zoneAnswer(query, { id: (query.id + 1) & 0xffff, address: "203.0.113.66" }));
      const other = { ...query, question: { ...query.question, name: ["evil", "test"] } };
      send(zoneAnswer(other, { address: "203.0.113.67" }));
      const spoofer = createSocket("udp4");
      stray.push(spoofer);
      spoofer.bind(0, loopback, () => {
        spoofer.send(zoneAnswer(query, { address: "203.0.113.68" }), udpPeer.port, udpPeer.address);
      });
      setTimeout(() => send(zoneAnswer(query)), 50);
      return;
    }
    send(zoneAnswer(query));
  };

  let udpPeer = { port: 0, address: loopback };
  udp.on("message", (raw, peer) => {
    udpPeer = peer;
    respond(raw, "udp", (reply) => udp.send(reply, peer.port, peer.address));
  });
  tcp.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    const frames = new DnsTcpFrames();
    socket.on("data", (chunk) => {
      for (const raw of frames.push(chunk) ?? []) {
        respond(raw, "tcp", (reply) => {
          if (!socket.destroyed) socket.write(frameDnsMessage(reply));
        });
      }
    });
  });
  return {
    endpoint: { address, port },
    received,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      for (const socket of stray) socket.close();
      await Promise.all([
        new Promise<void>((resolve) => udp.close(() => resolve())),
        new Promise<void>((resolve) => tcp.close(() => resolve())),
      ]);
    },
  };
}

// --- clients -----------------------------------------------------------------------------

interface AskOptions {
  readonly transport?: DnsTransport;
  readonly edns?: boolean;
  readonly id?: number;
  readonly type?: number;
  readonly class?: number;
}

function queryBytes(name: string, options: AskOptions = {}): Buffer {
  return buildDnsQuery({
    id: options.id ?? 0x4242,
    question: { name: name.split("."), type: options.type ?? dnsType.A, class: options.class ?? 1 },
    recursionDesired: true,
    checkingDisabled: false,
    edns: options.edns === true ? { udpSize: 1232, dnssecOk: false } : undefined,
  });
}

async function exchangeUdp(port: number, message: Buffer, address = loopback): Promise<Buffer> {
  const socket = createSocket(address.includes(":") ? "udp6" : "udp4");
  try {
    return await new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no reply within 3 s")), 3000);
      socket.on("message", (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      socket.bind(0, address, () => socket.send(message, port, address));
    });
  } finally {
    socket.close();
  }
}

async function exchangeTcp(port: number, messages: readonly Buffer[]): Promise<Buffer[]> {
  const socket = connect({ host: loopback, port });
  try {
    return await new Promise<Buffer[]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no reply within 3 s")), 3000);
      const frames = new DnsTcpFrames();
      const replies: Buffer[] = [];
      socket.on("error", reject);
      socket.on("close", () => reject(new Error("connection closed")));
      socket.on("connect", () => socket.write(Buffer.concat(messages.map(frameDnsMessage))));
      socket.on("data", (chunk) => {
        replies.push(...(frames.push(chunk) ?? []));
        if (replies.length === messages.length) {
          clearTimeout(timer);
          resolve(replies);
        }
      });
    });
  } finally {
    socket.destroy();
  }
}

async function ask(port: number, name: string, options: AskOptions = {}): Promise<DnsResponse> {
  const message = queryBytes(name, options);
  const [raw] =
    options.transport === "tcp"
      ? await exchangeTcp(port, [message])
      : [await exchangeUdp(port, message)];
  const response = raw === undefined ? undefined : parseDnsResponse(raw);
  if (response === undefined) throw new Error("unparseable reply");
  return response;
}

const addresses = (response: DnsResponse): string[] =>
  response.answers.flatMap((r) =>
    r.data.kind === "a" || r.data.kind === "aaaa" ? [r.data.address] : [],
  );

// --- harness -----------------------------------------------------------------------------

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function upstream(mode: Mode = "answer"): Promise<FakeUpstream> {
  const fake = await startFakeUpstream(mode);
  cleanups.push(() => fake.close());
  return fake;
}

interface Started {
  readonly forwarder: DnsForwarder;
  readonly log: DnsQueryLogEntry[];
  readonly resolved: { name: string; v4: readonly string[]; v6: readonly string[]; ttl: number }[];
}

async function forwarder(
  options: Partial<DnsForwarderOptions> & Pick<DnsForwarderOptions, "upstreams">,
): Promise<Started> {
  const log: DnsQueryLogEntry[] = [];
  const resolved: Started["resolved"] = [];
  const started = await startDnsForwarder({
    listen: { address: loopback, port: 0 },
    policy: { kind: "internet" },
    timeoutMs: 1000,
    onQuery: (entry) => log.push(entry),
    onResolved: (name, found, ttl) => {
      resolved.push({ name, v4: found.v4, v6: found.v6, ttl });
    },
    ...options,
  });
  cleanups.push(() => started.close());
  return { forwarder: started, log, resolved };
}

// --- tests -------------------------------------------------------------------------------

describe("DNS forwarder, policy internet", () => {
  it("forwards A and AAAA, keeps the client's id, logs and reports addresses", async () => {
    const fake = await upstream();
    const { forwarder: fw, log, resolved } = await forwarder({ upstreams: [fake.endpoint] });
    const a = await ask(fw.port, "a.example.com", { id: 0x1111 });
    expect(a.id).toBe(0x1111);
    expect(a.rcode).toBe(dnsRcode.NOERROR);
    expect(addresses(a)).toEqual(["192.0.2.1"]);
    const aaaa = await ask(fw.port, "A.Example.COM", { type: dnsType.AAAA });
    expect(addresses(aaaa)).toEqual(["2001:db8::1"]);
    expect(aaaa.question?.name).toEqual(["A", "Example", "COM"]); // case preserved
    expect(resolved).toEqual([
      { name: "a.example.com", v4: ["192.0.2.1"], v6: [], ttl: 300 },
      { name: "a.example.com", v4: [], v6: ["2001:db8::1"], ttl: 300 },
    ]);
    expect(log).toHaveLength(2);
    expect(log[0]).toMatchObject({
      name: "a.example.com",
      type: "A",
      transport: "udp",
      verdict: "forwarded",
      rcode: "NOERROR",
      upstream: `127.0.0.1:${fake.endpoint.port}`,
    });
    expect(log[1]?.type).toBe("AAAA");
    expect(Date.parse(log[0]?.time ?? "")).not.toBeNaN();
    expect(log[0]?.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("sends the upstream a clean query with its own id", async () => {
    const fake = await upstream();
    const { forwarder: fw } = await forwarder({ upstreams: [fake.endpoint] });
    // a client's EDNS options (here an 8-byte cookie) are not passed on
    const withCookie = Buffer.concat([
      queryBytes("a.example.com", { edns: true }),
      Buffer.from("000a00080102030405060708", "hex"),
    ]);
    withCookie.writeUInt16BE(12, withCookie.length - 14);
    await exchangeUdp(fw.port, withCookie);
    await ask(fw.port, "a.example.com");
    const [first, second] = fake.received;
    expect(first?.query.edns).toEqual({ udpSize: 1232, dnssecOk: false });
    expect(second?.query.edns).toBeUndefined();
    // exactly header + question (+ bare OPT): nothing else of the client's reaches the host
    expect(second?.raw.length).toBe(12 + 15 + 4);
    expect(first?.raw.length).toBe(12 + 15 + 4 + 11);
  });

  it("relays NXDOMAIN as an answer", async () => {
    const fake = await upstream();
    const { forwarder: fw, log, resolved } = await forwarder({ upstreams: [fake.endpoint] });
    const response = await ask(fw.port, "missing.test");
    expect(response.rcode).toBe(dnsRcode.NXDOMAIN);
    expect(log[0]).toMatchObject({ verdict: "forwarded", rcode: "NXDOMAIN" });
    expect(resolved).toEqual([]);
  });

  it("refuses other classes, zone transfers, and answers other opcodes NOTIMP", async () => {
    const fake = await upstream();
    const { forwarder: fw, log } = await forwarder({ upstreams: [fake.endpoint] });
    expect((await ask(fw.port, "version.bind", { class: 3, type: dnsType.TXT })).rcode).toBe(
      dnsRcode.REFUSED,
    );
    expect((await ask(fw.port, "example.com", { type: dnsType.AXFR })).rcode).toBe(
      dnsRcode.REFUSED,
    );
    const notify = queryBytes("example.com");
    notify.writeUInt16BE(0x2100, 2); // opcode 4 (NOTIFY)
    expect(parseDnsResponse(await exchangeUdp(fw.port, notify))?.rcode).toBe(dnsRcode.NOTIMP);
    expect(log.map((e) => [e.verdict, e.rcode])).toEqual([
      ["refused", "REFUSED"],
      ["refused", "REFUSED"],
      ["refused", "NOTIMP"],
    ]);
    expect(fake.received).toEqual([]);
  });
});

describe("DNS forwarder, policy allowlist", () => {
  it("answers listed names and wildcard subdomains, refuses the rest", async () => {
    const fake = await upstream();
    const {
      forwarder: fw,
      log,
      resolved,
    } = await forwarder({
      upstreams: [fake.endpoint],
      policy: { kind: "allowlist", names: ["www.example.com", "*.example.org"] },
    });
    const www = await ask(fw.port, "www.example.com");
    expect(www.answers.map((r) => r.data.kind)).toEqual(["cname", "a"]);
    expect(addresses(www)).toEqual(["192.0.2.7"]);
    expect(addresses(await ask(fw.port, "api.example.org"))).toEqual(["192.0.2.9"]);
    expect(addresses(await ask(fw.port, "deep.api.example.org"))).toEqual(["192.0.2.10"]);
    for (const refused of ["example.org", "evil.test", "a.example.com", "edge.cdn.test"]) {
      const response = await ask(fw.port, refused);
      expect(response.rcode).toBe(dnsRcode.REFUSED);
      expect(response.answers).toEqual([]);
      expect(dnsNameText(response.question?.name ?? [])).toBe(refused);
    }
    expect(fake.received.map((r) => dnsNameText(r.query.question.name))).toEqual([
      "www.example.com",
      "api.example.org",
      "deep.api.example.org",
    ]);
    // addresses reached through a CNAME are reported under the asked name, with the chain's TTL
    expect(resolved[0]).toEqual({ name: "www.example.com", v4: ["192.0.2.7"], v6: [], ttl: 30 });
    expect(resolved.map((r) => r.name)).toEqual([
      "www.example.com",
      "api.example.org",
      "deep.api.example.org",
    ]);
    expect(log.map((e) => e.verdict)).toEqual([
      "forwarded",
      "forwarded",
      "forwarded",
      "refused",
      "refused",
      "refused",
      "refused",
    ]);
  });

  it("waits for onResolved before replying, and fails the query if it rejects", async () => {
    const fake = await upstream();
    let pinned = false;
    let failPin = false;
    const { forwarder: fw, log } = await forwarder({
      upstreams: [fake.endpoint],
      policy: { kind: "allowlist", names: ["www.example.com"] },
      onResolved: async () => {
        await new Promise((resolve) => setTimeout(resolve, 50));
        if (failPin) throw new Error("nft failed");
        pinned = true;
      },
    });
    const response = await ask(fw.port, "www.example.com", { type: dnsType.AAAA });
    expect(pinned).toBe(true);
    expect(addresses(response)).toEqual(["2001:db8::7"]);
    failPin = true;
    expect((await ask(fw.port, "www.example.com")).rcode).toBe(dnsRcode.SERVFAIL);
    expect(log[1]).toMatchObject({ verdict: "failed", rcode: "SERVFAIL" });
  });
});

describe("DNS forwarder, policy none", () => {
  it("refuses every query and asks no upstream (none may have none)", async () => {
    const fake = await upstream();
    const { forwarder: fw, log } = await forwarder({
      upstreams: [fake.endpoint],
      policy: { kind: "none" },
    });
    for (const name of ["a.example.com", "localhost", "metadata.google.internal"]) {
      expect((await ask(fw.port, name)).rcode).toBe(dnsRcode.REFUSED);
    }
    expect((await ask(fw.port, "a.example.com", { transport: "tcp" })).rcode).toBe(
      dnsRcode.REFUSED,
    );
    expect(fake.received).toEqual([]);
    expect(log.every((e) => e.verdict === "refused" && e.rcode === "REFUSED")).toBe(true);
    expect(log).toHaveLength(4);
    const empty = await forwarder({ upstreams: [], policy: { kind: "none" } });
    expect((await ask(empty.forwarder.port, "x.test")).rcode).toBe(dnsRcode.REFUSED);
  });
});

describe("DNS forwarder upstreams", () => {
  it("answers SERVFAIL when the only upstream times out", async () => {
    const silent = await upstream("silent");
    const { forwarder: fw, log } = await forwarder({
      upstreams: [silent.endpoint],
      timeoutMs: 150,
    });
    const started = Date.now();
    const response = await ask(fw.port, "a.example.com", { id: 77 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(response).toMatchObject({ id: 77, rcode: dnsRcode.SERVFAIL });
    expect(log[0]).toMatchObject({ verdict: "failed", rcode: "SERVFAIL", upstream: undefined });
    expect(log[0]?.latencyMs).toBeGreaterThanOrEqual(140);
  });

  it("tries upstreams in order: past a timeout, a SERVFAIL and a closed port", async () => {
    const silent = await upstream("silent");
    const failing = await upstream("servfail");
    const good = await upstream();
    const closed = await startFakeUpstream();
    await closed.close(); // nothing listens there any more (port unreachable)
    const { forwarder: fw, log } = await forwarder({
      upstreams: [closed.endpoint, silent.endpoint, failing.endpoint, good.endpoint],
      timeoutMs: 150,
    });
    expect(addresses(await ask(fw.port, "a.example.com"))).toEqual(["192.0.2.1"]);
    expect(log[0]?.upstream).toBe(`127.0.0.1:${good.endpoint.port}`);
    expect(silent.received).toHaveLength(1);
    expect(failing.received).toHaveLength(1);
    // every attempt used a fresh id
    const ids = [silent, failing, good].map((u) => u.received[0]?.query.id);
    expect(new Set(ids).size).toBe(3);
  });

  it("ignores spoofed replies: wrong id, wrong question, wrong source port", async () => {
    const fake = await upstream();
    const { forwarder: fw, resolved } = await forwarder({ upstreams: [fake.endpoint] });
    const response = await ask(fw.port, "spoof.test");
    expect(addresses(response)).toEqual(["192.0.2.8"]);
    expect(resolved).toEqual([{ name: "spoof.test", v4: ["192.0.2.8"], v6: [], ttl: 10 }]);
  });
});

describe("DNS forwarder transports and robustness", () => {
  it("truncates an answer too large for UDP and serves it in full over TCP", async () => {
    const fake = await upstream();
    const { forwarder: fw, log } = await forwarder({ upstreams: [fake.endpoint] });
    const udp = await ask(fw.port, "big.test");
    expect(udp.truncated).toBe(true);
    expect(udp.answers).toEqual([]);
    const tcp = await ask(fw.port, "big.test", { transport: "tcp" });
    expect(tcp.truncated).toBe(false);
    expect(tcp.answers).toHaveLength(60);
    expect(fake.received.map((r) => r.transport)).toEqual(["udp", "tcp"]);
    expect(log.map((e) => e.transport)).toEqual(["udp", "tcp"]);
  });

  it("answers pipelined TCP queries", async () => {
    const fake = await upstream();
    const { forwarder: fw } = await forwarder({
      upstreams: [fake.endpoint],
      policy: { kind: "allowlist", names: ["a.example.com"] },
    });
    const replies = await exchangeTcp(fw.port, [
      queryBytes("a.example.com", { id: 1 }),
      queryBytes("evil.test", { id: 2 }),
    ]);
    const byId = new Map(replies.map((r) => [parseDnsResponse(r)?.id, parseDnsResponse(r)]));
    expect(byId.get(1)?.rcode).toBe(dnsRcode.NOERROR);
    expect(byId.get(2)?.rcode).toBe(dnsRcode.REFUSED);
  });

  it("drops malformed packets without logging or dying", async () => {
    const fake = await upstream();
    const { forwarder: fw, log } = await forwarder({ upstreams: [fake.endpoint] });
    const valid = queryBytes("a.example.com");
    const parsedValid = parseDnsQuery(valid);
    if (parsedValid === undefined) throw new Error("fixture does not parse");
    const socket = createSocket("udp4");
    await new Promise<void>((resolve) => socket.bind(0, loopback, resolve));
    const junk = [
      Buffer.alloc(0),
      Buffer.from("hello"),
      valid.subarray(0, 20),
      Buffer.alloc(600, 0xc0),
      zoneAnswer(parsedValid), // a response, not a query
    ];
    for (let i = 0; i < 200; i++) {
      const noise = Buffer.from(
        Array.from({ length: 12 + i }, (_, j) => (i * 37 + j * 101) & 0xff),
      );
      noise.writeUInt16BE(0x0100, 2); // looks like a query, so parsing gets past the header
      noise.writeUInt16BE(1, 4);
      junk.push(noise);
    }
    await Promise.all(
      junk.map(
        (j) => new Promise<void>((resolve) => socket.send(j, fw.port, loopback, () => resolve())),
      ),
    );
    socket.close();
    expect(addresses(await ask(fw.port, "a.example.com"))).toEqual(["192.0.2.1"]);
    expect(log).toHaveLength(1);
    // a zero-length TCP frame ends that connection only
    await expect(exchangeTcp(fw.port, [Buffer.alloc(0)])).rejects.toThrow();
    expect(addresses(await ask(fw.port, "a.example.com", { transport: "tcp" }))).toEqual([
      "192.0.2.1",
    ]);
  });

  it("close() frees the port, ends pending queries silently, and is idempotent", async () => {
    const silent = await upstream("silent");
    const { forwarder: fw, log } = await forwarder({
      upstreams: [silent.endpoint],
      timeoutMs: 5000,
    });
    const port = fw.port;
    const client = createSocket("udp4");
    await new Promise<void>((resolve) => client.bind(0, loopback, resolve));
    client.send(queryBytes("slow.test"), port, loopback);
    const tcpClient = connect({ host: loopback, port });
    tcpClient.on("error", () => {});
    const tcpClosed = new Promise<void>((resolve) => tcpClient.on("close", () => resolve()));
    await new Promise<void>((resolve) => tcpClient.on("connect", () => resolve()));
    while (silent.received.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const started = Date.now();
    await fw[Symbol.asyncDispose]();
    await fw.close();
    expect(Date.now() - started).toBeLessThan(1000);
    await tcpClosed;
    client.close();
    expect(log).toEqual([]);
    // the same port can be bound again, UDP and TCP
    const udp = createSocket("udp4");
    await new Promise<void>((resolve, reject) => {
      udp.once("error", reject);
      udp.bind(port, loopback, resolve);
    });
    udp.close();
    const tcp = createServer();
    await new Promise<void>((resolve, reject) => {
      tcp.once("error", reject);
      tcp.listen(port, loopback, resolve);
    });
    await new Promise<void>((resolve) => tcp.close(() => resolve()));
  });

  it("reports a port in use and a bad allowlist as airlock errors", async () => {
    const fake = await upstream();
    await expect(
      startDnsForwarder({
        listen: { address: loopback, port: fake.endpoint.port },
        upstreams: [fake.endpoint],
        policy: { kind: "internet" },
        onQuery: () => {},
        timeoutMs: 100,
      }),
    ).rejects.toMatchObject({ code: "AIRLOCK_E_SANDBOX_CREATE_FAILED" });
    await expect(
      startDnsForwarder({
        listen: { address: loopback, port: 0 },
        upstreams: [fake.endpoint],
        policy: { kind: "allowlist", names: ["bad name"] },
        onQuery: () => {},
        timeoutMs: 100,
      }),
    ).rejects.toMatchObject({ code: "AIRLOCK_E_USAGE" });
    await expect(
      startDnsForwarder({
        listen: { address: loopback, port: 0 },
        upstreams: [],
        policy: { kind: "internet" },
        onQuery: () => {},
        timeoutMs: 100,
      }),
    ).rejects.toMatchObject({ code: "AIRLOCK_E_HOST_MISSING" });
  });

  it("answers SERVFAIL at once beyond maxInFlight pending queries", async () => {
    const silent = await upstream("silent");
    const { forwarder: fw, log } = await forwarder({
      upstreams: [silent.endpoint],
      timeoutMs: 300,
      maxInFlight: 1,
    });
    const first = ask(fw.port, "slow.test", { id: 1 });
    while (silent.received.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await ask(fw.port, "a.example.com", { id: 2 });
    expect(second.rcode).toBe(dnsRcode.SERVFAIL);
    expect(log[0]).toMatchObject({ name: "a.example.com", verdict: "failed" });
    expect((await first).rcode).toBe(dnsRcode.SERVFAIL);
    expect(silent.received).toHaveLength(1);
  });

  it("keeps serving when onQuery throws", async () => {
    const fake = await upstream();
    const { forwarder: fw } = await forwarder({
      upstreams: [fake.endpoint],
      onQuery: () => {
        throw new Error("logger bug");
      },
    });
    expect(addresses(await ask(fw.port, "a.example.com"))).toEqual(["192.0.2.1"]);
    expect(addresses(await ask(fw.port, "a.example.com"))).toEqual(["192.0.2.1"]);
  });
});

const hasIpv6Loopback = await new Promise<boolean>((resolve) => {
  const probe = createSocket("udp6");
  probe.once("error", () => resolve(false));
  probe.bind(0, "::1", () => {
    probe.close();
    resolve(true);
  });
});

describe.skipIf(!hasIpv6Loopback)("DNS forwarder on IPv6 (::1)", () => {
  it("listens on and forwards to IPv6 addresses", async () => {
    const fake = await startFakeUpstream("answer", "::1");
    cleanups.push(() => fake.close());
    const { forwarder: fw, log } = await forwarder({
      listen: { address: "::1", port: 0 },
      upstreams: [fake.endpoint],
    });
    expect(fw.address).toBe("::1");
    const reply = parseDnsResponse(await exchangeUdp(fw.port, queryBytes("a.example.com"), "::1"));
    expect(reply === undefined ? [] : addresses(reply)).toEqual(["192.0.2.1"]);
    expect(log[0]?.upstream).toBe(`[::1]:${fake.endpoint.port}`);
  });
});
