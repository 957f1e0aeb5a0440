import { describe, expect, it } from "vitest";
import { dnsRcode, dnsType } from "./dns-codes.js";
import {
  buildDnsQuery,
  buildDnsReply,
  maxDnsQueryBytes,
  parseDnsQuery,
  parseDnsResponse,
  udpReplyLimit,
  withDnsId,
  type DnsQuery,
} from "./dns-message.js";
import { writeDnsName } from "./dns-name.js";

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ""), "hex");

// `dig example.com A` from dig 9.18: RD+AD, EDNS 1232 with an 8-byte client cookie.
const digQuery = hex(`
  3f2a 0120 0001 0000 0000 0001
  07 6578616d706c65 03 636f6d 00 0001 0001
  00 0029 04d0 00000000 000c 000a 0008 0102030405060708`);

// A response to "www.example.com A": CNAME to edge.example.net, which has two A records;
// owners and the CNAME target use compression pointers.
const cnameResponse = hex(`
  1234 8180 0001 0003 0000 0000
  03 777777 07 6578616d706c65 03 636f6d 00 0001 0001
  c00c 0005 0001 0000003c 0012 04 65646765 07 6578616d706c65 03 6e6574 00
  c02d 0001 0001 0000001e 0004 c0000207
  c02d 0001 0001 8000001e 0004 c0000208`);

describe("parseDnsQuery", () => {
  it("reads a real query with an EDNS cookie", () => {
    expect(parseDnsQuery(digQuery)).toEqual({
      id: 0x3f2a,
      opcode: 0,
      recursionDesired: true,
      checkingDisabled: false,
      question: { name: ["example", "com"], type: dnsType.A, class: 1 },
      edns: { udpSize: 1232, dnssecOk: false },
    });
  });

  it("round-trips what buildDnsQuery writes", () => {
    const fields = {
      id: 7,
      question: { name: ["Mixed", "Case", "test"], type: dnsType.AAAA, class: 1 },
      recursionDesired: true,
      checkingDisabled: true,
      edns: { udpSize: 4096, dnssecOk: true },
    };
    expect(parseDnsQuery(buildDnsQuery(fields))).toEqual({ ...fields, opcode: 0 });
    const plain = parseDnsQuery(buildDnsQuery({ ...fields, edns: undefined }));
    expect(plain?.edns).toBeUndefined();
  });

  it("reads an EDNS size under 512 as 512 and limits UDP replies to 4096", () => {
    const query = (udpSize: number): DnsQuery | undefined =>
      parseDnsQuery(
        buildDnsQuery({
          id: 1,
          question: { name: ["a"], type: 1, class: 1 },
          recursionDesired: true,
          checkingDisabled: false,
          edns: { udpSize, dnssecOk: false },
        }),
      );
    const small = query(100);
    const large = query(65000);
    expect(small?.edns?.udpSize).toBe(512);
    if (small === undefined || large === undefined) throw new Error("unparsed");
    expect(udpReplyLimit(small)).toBe(512);
    expect(udpReplyLimit(large)).toBe(4096);
  });

  it("drops what is not a plain one-question query", () => {
    const variant = (offset: number, value: number): Buffer => {
      const copy = Buffer.from(digQuery);
      copy.writeUInt16BE(value, offset);
      return copy;
    };
    expect(parseDnsQuery(variant(2, 0x8100))).toBeUndefined(); // QR set: a response
    expect(parseDnsQuery(variant(4, 0))).toBeUndefined(); // no question
    expect(parseDnsQuery(variant(4, 2))).toBeUndefined(); // two questions
    expect(parseDnsQuery(variant(6, 1))).toBeUndefined(); // an answer record
    expect(parseDnsQuery(variant(8, 1))).toBeUndefined(); // an authority record
    expect(parseDnsQuery(variant(10, 2))).toBeUndefined(); // claims 2 additional, has 1
    expect(parseDnsQuery(variant(10, 9))).toBeUndefined(); // too many additional
    expect(parseDnsQuery(Buffer.alloc(maxDnsQueryBytes + 1))).toBeUndefined();
  });

  it("rejects a second OPT record and an OPT record with an owner name", () => {
    const opt = digQuery.subarray(29);
    const twoOpts = Buffer.concat([digQuery, opt]);
    twoOpts.writeUInt16BE(2, 10);
    expect(parseDnsQuery(twoOpts)).toBeUndefined();
    const owned = Buffer.concat([digQuery.subarray(0, 29), hex("01 61"), opt]);
    expect(parseDnsQuery(owned)).toBeUndefined();
  });

  it("drops every truncation of a valid query", () => {
    for (let length = 0; length < digQuery.length; length++) {
      expect(parseDnsQuery(digQuery.subarray(0, length))).toBeUndefined();
    }
  });

  it("keeps the opcode so the forwarder can answer NOTIMP", () => {
    const status = Buffer.from(digQuery);
    status.writeUInt16BE(0x1100, 2); // opcode 2 (STATUS), RD
    expect(parseDnsQuery(status)?.opcode).toBe(2);
  });
});

describe("parseDnsResponse", () => {
  it("reads compressed CNAME chains and addresses", () => {
    expect(parseDnsResponse(cnameResponse)).toEqual({
      id: 0x1234,
      opcode: 0,
      truncated: false,
      rcode: 0,
      question: { name: ["www", "example", "com"], type: 1, class: 1 },
      answers: [
        {
          name: ["www", "example", "com"],
          type: dnsType.CNAME,
          class: 1,
          ttl: 60,
          data: { kind: "cname", target: ["edge", "example", "net"] },
        },
        {
          name: ["edge", "example", "net"],
          type: 1,
          class: 1,
          ttl: 30,
          data: { kind: "a", address: "192.0.2.7" },
        },
        // a TTL with the top bit set reads as 0 (RFC 2181 8)
        {
          name: ["edge", "example", "net"],
          type: 1,
          class: 1,
          ttl: 0,
          data: { kind: "a", address: "192.0.2.8" },
        },
      ],
    });
  });

  it("reads AAAA records, other types, and the TC bit and rcode", () => {
    const message = Buffer.concat([
      hex("0001 8383 0001 0002 0000 0000"),
      writeDnsName(["v6", "test"]),
      hex("001c 0001"),
      hex("c00c 001c 0001 00000e10 0010 20010db8000000000000000000000001"),
      hex("c00c 0010 0001 00000e10 0003 02 6869"),
    ]);
    const response = parseDnsResponse(message);
    expect(response?.truncated).toBe(true);
    expect(response?.rcode).toBe(dnsRcode.NXDOMAIN);
    expect(response?.answers.map((a) => a.data)).toEqual([
      { kind: "aaaa", address: "2001:db8::1" },
      { kind: "other" },
    ]);
  });

  it("drops malformed answers", () => {
    const badLength = Buffer.from(cnameResponse);
    badLength.writeUInt16BE(5, cnameResponse.length - 6); // A rdlength 5 overruns
    expect(parseDnsResponse(badLength)).toBeUndefined();
    const shortA = Buffer.concat([cnameResponse.subarray(0, -6), hex("0003 c00002")]);
    expect(parseDnsResponse(shortA)).toBeUndefined();
    const query = Buffer.from(cnameResponse);
    query.writeUInt16BE(0x0100, 2); // QR clear
    expect(parseDnsResponse(query)).toBeUndefined();
    for (let length = 0; length < cnameResponse.length; length++) {
      expect(parseDnsResponse(cnameResponse.subarray(0, length))).toBeUndefined();
    }
  });

  it("drops a CNAME whose name runs past its rdata", () => {
    const message = Buffer.concat([
      hex("0001 8180 0001 0001 0000 0000"),
      writeDnsName(["a"]),
      hex("0001 0001"),
      hex("c00c 0005 0001 00000001 0002 01 62 00"), // rdlength 2, name needs 3
    ]);
    expect(parseDnsResponse(message)).toBeUndefined();
  });
});

describe("building replies", () => {
  const query = parseDnsQuery(digQuery);
  if (query === undefined) throw new Error("fixture does not parse");

  it("keeps id, opcode, RD and the question, sets QR and RA, and the rcode", () => {
    for (const rcode of [dnsRcode.REFUSED, dnsRcode.NXDOMAIN, dnsRcode.SERVFAIL]) {
      const reply = buildDnsReply(query, { rcode });
      expect(reply.readUInt16BE(0)).toBe(0x3f2a);
      expect(reply.readUInt16BE(2)).toBe(0x8180 | rcode);
      const parsed = parseDnsResponse(reply);
      expect(parsed?.question).toEqual(query.question);
      expect(parsed?.answers).toEqual([]);
      expect(parsed?.rcode).toBe(rcode);
      // EDNS in, EDNS out: one OPT record (arcount 1) advertising 1232 bytes
      expect(reply.readUInt16BE(10)).toBe(1);
      expect(reply.readUInt16BE(reply.length - 8)).toBe(1232);
    }
  });

  it("sets TC for a truncated stand-in and adds no OPT when the query had none", () => {
    const plain: DnsQuery = { ...query, edns: undefined };
    const reply = buildDnsReply(plain, { rcode: 0, truncated: true });
    expect(parseDnsResponse(reply)?.truncated).toBe(true);
    expect(reply.readUInt16BE(10)).toBe(0);
  });

  it("replaces only the id", () => {
    const copy = withDnsId(cnameResponse, 0xbeef);
    expect(copy.readUInt16BE(0)).toBe(0xbeef);
    expect(copy.subarray(2)).toEqual(cnameResponse.subarray(2));
    expect(cnameResponse.readUInt16BE(0)).toBe(0x1234);
  });
});

describe("fuzzing the parsers", () => {
  // A small seeded PRNG (mulberry32), so a failure reproduces.
  const random = (seed: number): (() => number) => {
    let state = seed;
    return () => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  };
  let parsed = 0;
  const parseBoth = (message: Buffer): void => {
    const query = parseDnsQuery(message);
    const response = parseDnsResponse(message);
    if (query !== undefined || response !== undefined) parsed++;
    // whatever parses must be buildable into a reply without throwing
    if (query !== undefined) buildDnsReply(query, { rcode: dnsRcode.REFUSED });
    if (response !== undefined) expect(Array.isArray(response.answers)).toBe(true);
  };

  it("never throws on random bytes", () => {
    const next = random(1);
    for (let i = 0; i < 10_000; i++) {
      const message = Buffer.alloc(Math.floor(next() * 700));
      for (let j = 0; j < message.length; j++) message[j] = Math.floor(next() * 256);
      // half the time, make the header plausible so parsing gets further
      if (next() < 0.5 && message.length >= 12) {
        message.writeUInt16BE(next() < 0.5 ? 0x0100 : 0x8180, 2);
        message.writeUInt16BE(1, 4);
        message.writeUInt16BE(Math.floor(next() * 4), 6);
        message.writeUInt16BE(0, 8);
        message.writeUInt16BE(Math.floor(next() * 2), 10);
      }
      expect(() => parseBoth(message)).not.toThrow();
    }
  }, 30_000);

  it("never throws on mutated and truncated valid messages", () => {
    const next = random(2);
    for (const valid of [digQuery, cnameResponse]) {
      for (let i = 0; i < 6_000; i++) {
        const message = Buffer.from(valid);
        const flips = 1 + Math.floor(next() * 4);
        for (let f = 0; f < flips; f++) {
          const at = Math.floor(next() * message.length);
          // favour compression-pointer bytes and length bytes
          message[at] = next() < 0.3 ? 0xc0 | Math.floor(next() * 64) : Math.floor(next() * 256);
        }
        const cut = next() < 0.3 ? Math.floor(next() * message.length) : message.length;
        expect(() => parseBoth(message.subarray(0, cut))).not.toThrow();
      }
    }
    // the mutations must not all be rejected early, or the deep paths go untested
    expect(parsed).toBeGreaterThan(1000);
  }, 30_000);
});
