import { dnsRcode, dnsType } from "./dns-codes.js";
import { readDnsName, writeDnsName, type DnsName } from "./dns-name.js";
import { ipv4Text, ipv6Text } from "./ip-address-text.js";

/**
 * Just enough of the DNS wire format (RFC 1035, EDNS from RFC 6891) for a forwarder. Pure:
 * no I/O. Parsers never throw: a malformed, truncated or oversized packet gives undefined,
 * and the caller drops it.
 */

/** Queries larger than this are dropped: one question plus an OPT record fits easily. */
export const maxDnsQueryBytes = 512;
/** The largest DNS message (the TCP length prefix is 16 bits). */
export const maxDnsMessageBytes = 65535;
/** Plain DNS over UDP without EDNS: answers above this are truncated (RFC 1035 4.2.1). */
export const classicUdpBytes = 512;
/** The EDNS UDP size airlock advertises in its own replies (the DNS flag day 2020 value). */
export const ednsUdpBytes = 1232;

const headerBytes = 12;
const flagQr = 0x8000;
const flagTc = 0x0200;
const flagRd = 0x0100;
const flagRa = 0x0080;
const flagCd = 0x0010;
const dnssecOkBit = 0x8000;

export interface DnsQuestion {
  readonly name: DnsName;
  readonly type: number;
  readonly class: number;
}

export interface DnsEdns {
  /** The requester's UDP payload size (values under 512 are read as 512). */
  readonly udpSize: number;
  readonly dnssecOk: boolean;
}

export interface DnsQuery {
  readonly id: number;
  readonly opcode: number;
  readonly recursionDesired: boolean;
  readonly checkingDisabled: boolean;
  readonly question: DnsQuestion;
  /** The OPT record, when the query carried one. */
  readonly edns: DnsEdns | undefined;
}

export type DnsRecordData =
  | { readonly kind: "a"; readonly address: string }
  | { readonly kind: "aaaa"; readonly address: string }
  | { readonly kind: "cname"; readonly target: DnsName }
  | { readonly kind: "other" };

export interface DnsRecord {
  readonly name: DnsName;
  readonly type: number;
  readonly class: number;
  /** Seconds; values with the top bit set read as 0 (RFC 2181 8). */
  readonly ttl: number;
  readonly data: DnsRecordData;
}

export interface DnsResponse {
  readonly id: number;
  readonly opcode: number;
  readonly truncated: boolean;
  readonly rcode: number;
  /** The first (and normally only) question; undefined when the response has none. */
  readonly question: DnsQuestion | undefined;
  /** The answer section only; authority and additional records are not read. */
  readonly answers: readonly DnsRecord[];
}

interface Header {
  readonly id: number;
  readonly flags: number;
  readonly qdCount: number;
  readonly anCount: number;
  readonly nsCount: number;
  readonly arCount: number;
}

function readHeader(message: Uint8Array): Header | undefined {
  if (message.length < headerBytes) return undefined;
  const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
  return {
    id: view.getUint16(0),
    flags: view.getUint16(2),
    qdCount: view.getUint16(4),
    anCount: view.getUint16(6),
    nsCount: view.getUint16(8),
    arCount: view.getUint16(10),
  };
}

const opcodeOf = (flags: number): number => (flags >> 11) & 0x0f;

interface Read<T> {
  readonly value: T;
  readonly next: number;
}

function readQuestion(message: Uint8Array, offset: number): Read<DnsQuestion> | undefined {
  const name = readDnsName(message, offset);
  if (name === undefined || name.next + 4 > message.length) return undefined;
  const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
  return {
    value: {
      name: name.name,
      type: view.getUint16(name.next),
      class: view.getUint16(name.next + 2),
    },
    next: name.next + 4,
  };
}

interface RawRecord {
  readonly name: DnsName;
  readonly type: number;
  readonly class: number;
  readonly ttl: number;
  readonly rdataStart: number;
  readonly rdataEnd: number;
}

function readRecord(message: Uint8Array, offset: number): Read<RawRecord> | undefined {
  const name = readDnsName(message, offset);
  if (name === undefined || name.next + 10 > message.length) return undefined;
  const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
  const at = name.next;
  const rdataStart = at + 10;
  const rdataEnd = rdataStart + view.getUint16(at + 8);
  if (rdataEnd > message.length) return undefined;
  return {
    value: {
      name: name.name,
      type: view.getUint16(at),
      class: view.getUint16(at + 2),
      ttl: view.getUint32(at + 4),
      rdataStart,
      rdataEnd,
    },
    next: rdataEnd,
  };
}

/**
 * Parses a query from a client: QR clear, exactly one question, no answer or authority
 * records, at most a few additional records of which an OPT record (owner root) is read.
 * Returns undefined for anything else, and for packets over `maxDnsQueryBytes`.
 */
export function parseDnsQuery(message: Uint8Array): DnsQuery | undefined {
  if (message.length > maxDnsQueryBytes) return undefined;
  const header = readHeader(message);
  if (header === undefined || (header.flags & flagQr) !== 0) return undefined;
  if (header.qdCount !== 1 || header.anCount !== 0 || header.nsCount !== 0) return undefined;
  if (header.arCount > 4) return undefined;
  const question = readQuestion(message, headerBytes);
  if (question === undefined) return undefined;
  let edns: DnsEdns | undefined;
  let offset = question.next;
  for (let i = 0; i < header.arCount; i++) {
    const record = readRecord(message, offset);
    if (record === undefined) return undefined;
    offset = record.next;
    if (record.value.type !== dnsType.OPT) continue;
    if (edns !== undefined || record.value.name.length !== 0) return undefined;
    edns = {
      udpSize: Math.max(classicUdpBytes, record.value.class),
      dnssecOk: (record.value.ttl & dnssecOkBit) !== 0,
    };
  }
  return {
    id: header.id,
    opcode: opcodeOf(header.flags),
    recursionDesired: (header.flags & flagRd) !== 0,
    checkingDisabled: (header.flags & flagCd) !== 0,
    question: question.value,
    edns,
  };
}

function readRecordData(message: Uint8Array, raw: RawRecord): DnsRecordData | undefined {
  const length = raw.rdataEnd - raw.rdataStart;
  switch (raw.type) {
    case dnsType.A:
      if (length !== 4) return undefined;
      return { kind: "a", address: ipv4Text(message.subarray(raw.rdataStart, raw.rdataEnd)) };
    case dnsType.AAAA:
      if (length !== 16) return undefined;
      return { kind: "aaaa", address: ipv6Text(message.subarray(raw.rdataStart, raw.rdataEnd)) };
    case dnsType.CNAME: {
      const target = readDnsName(message, raw.rdataStart);
      if (target?.next !== raw.rdataEnd) return undefined;
      return { kind: "cname", target: target.name };
    }
    default:
      return { kind: "other" };
  }
}

/**
 * Parses a response from an upstream: QR set, at most one question, and the answer section
 * (A, AAAA and CNAME data decoded; other types kept as `other`). A malformed answer record
 * makes the whole response undefined: a forwarder should not relay what it cannot read.
 */
export function parseDnsResponse(message: Uint8Array): DnsResponse | undefined {
  if (message.length > maxDnsMessageBytes) return undefined;
  const header = readHeader(message);
  if (header === undefined || (header.flags & flagQr) === 0 || header.qdCount > 1) {
    return undefined;
  }
  let offset = headerBytes;
  let question: DnsQuestion | undefined;
  if (header.qdCount === 1) {
    const read = readQuestion(message, offset);
    if (read === undefined) return undefined;
    question = read.value;
    offset = read.next;
  }
  const answers: DnsRecord[] = [];
  for (let i = 0; i < header.anCount; i++) {
    const record = readRecord(message, offset);
    if (record === undefined) return undefined;
    offset = record.next;
    const data = readRecordData(message, record.value);
    if (data === undefined) return undefined;
    const { name, type, ttl } = record.value;
    answers.push({ name, type, class: record.value.class, ttl: ttl > 0x7fffffff ? 0 : ttl, data });
  }
  return {
    id: header.id,
    opcode: opcodeOf(header.flags),
    truncated: (header.flags & flagTc) !== 0,
    rcode: header.flags & 0x0f,
    question,
    answers,
  };
}

function writeHeader(fields: Header): Buffer {
  const header = Buffer.alloc(headerBytes);
  header.writeUInt16BE(fields.id, 0);
  header.writeUInt16BE(fields.flags, 2);
  header.writeUInt16BE(fields.qdCount, 4);
  header.writeUInt16BE(fields.anCount, 6);
  header.writeUInt16BE(fields.nsCount, 8);
  header.writeUInt16BE(fields.arCount, 10);
  return header;
}

function writeQuestion(question: DnsQuestion): Buffer {
  const tail = Buffer.alloc(4);
  tail.writeUInt16BE(question.type, 0);
  tail.writeUInt16BE(question.class, 2);
  return Buffer.concat([writeDnsName(question.name), tail]);
}

/** An OPT pseudo-record: root owner, the UDP size in CLASS, the DO bit in TTL, no options. */
function writeOpt(edns: DnsEdns): Buffer {
  const opt = Buffer.alloc(11);
  opt.writeUInt16BE(dnsType.OPT, 1);
  opt.writeUInt16BE(edns.udpSize, 3);
  opt.writeUInt32BE(edns.dnssecOk ? dnssecOkBit : 0, 5);
  return opt;
}

export interface DnsQueryFields {
  readonly id: number;
  readonly question: DnsQuestion;
  readonly recursionDesired: boolean;
  readonly checkingDisabled: boolean;
  readonly edns: DnsEdns | undefined;
}

/**
 * Builds a clean query: the header bits and question given, an OPT record only when `edns`
 * is set, nothing else. The forwarder sends this upstream instead of the client's bytes,
 * so a hostile client can put nothing but a question in front of the host's resolver.
 */
export function buildDnsQuery(fields: DnsQueryFields): Buffer {
  const flags = (fields.recursionDesired ? flagRd : 0) | (fields.checkingDisabled ? flagCd : 0);
  return Buffer.concat([
    writeHeader({
      id: fields.id,
      flags,
      qdCount: 1,
      anCount: 0,
      nsCount: 0,
      arCount: fields.edns === undefined ? 0 : 1,
    }),
    writeQuestion(fields.question),
    ...(fields.edns === undefined ? [] : [writeOpt(fields.edns)]),
  ]);
}

export interface DnsReplyOptions {
  /** Only the low 4 bits are used (no extended rcodes). */
  readonly rcode: number;
  /** Sets TC: the answer did not fit, the client should ask again over TCP. */
  readonly truncated?: boolean;
}

/**
 * A reply with no records that keeps the query's id, opcode, RD and CD bits and its
 * question: REFUSED, NXDOMAIN, SERVFAIL, NOTIMP, or a truncated (TC) stand-in. It carries
 * an OPT record when the query did (RFC 6891 7).
 */
export function buildDnsReply(query: DnsQuery, options: DnsReplyOptions): Buffer {
  const flags =
    flagQr |
    ((query.opcode & 0x0f) << 11) |
    (options.truncated === true ? flagTc : 0) |
    (query.recursionDesired ? flagRd : 0) |
    flagRa |
    (query.checkingDisabled ? flagCd : 0) |
    (options.rcode & 0x0f);
  return Buffer.concat([
    writeHeader({
      id: query.id,
      flags,
      qdCount: 1,
      anCount: 0,
      nsCount: 0,
      arCount: query.edns === undefined ? 0 : 1,
    }),
    writeQuestion(query.question),
    ...(query.edns === undefined
      ? []
      : [writeOpt({ udpSize: ednsUdpBytes, dnssecOk: query.edns.dnssecOk })]),
  ]);
}

/** A copy of `message` with its id replaced (the id is the first two bytes). */
export function withDnsId(message: Uint8Array, id: number): Buffer {
  const copy = Buffer.from(message);
  copy.writeUInt16BE(id, 0);
  return copy;
}

/** The largest reply a client can take over UDP: 512, or its EDNS size (capped at 4096). */
export function udpReplyLimit(query: DnsQuery): number {
  return query.edns === undefined ? classicUdpBytes : Math.min(query.edns.udpSize, 4096);
}

/** NOERROR, NXDOMAIN: a real answer. Anything else means "ask another server". */
export function isFinalRcode(rcode: number): boolean {
  return rcode === dnsRcode.NOERROR || rcode === dnsRcode.NXDOMAIN;
}
