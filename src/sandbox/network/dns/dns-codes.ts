/**
 * The few DNS numbers the forwarder needs (RFC 1035, 3596, 6891), and their mnemonics for
 * logs. Unknown numbers are logged as `TYPE<n>` / `RCODE<n>`, as dig does.
 */
export const dnsType = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  PTR: 12,
  MX: 15,
  TXT: 16,
  AAAA: 28,
  SRV: 33,
  OPT: 41,
  DS: 43,
  RRSIG: 46,
  DNSKEY: 48,
  SVCB: 64,
  HTTPS: 65,
  IXFR: 251,
  AXFR: 252,
  MAILB: 253,
  MAILA: 254,
  ANY: 255,
  CAA: 257,
} as const;

export const dnsRcode = {
  NOERROR: 0,
  FORMERR: 1,
  SERVFAIL: 2,
  NXDOMAIN: 3,
  NOTIMP: 4,
  REFUSED: 5,
} as const;

export type DnsRcode = (typeof dnsRcode)[keyof typeof dnsRcode];

/** The only class the forwarder serves (IN); CHAOS and friends are refused. */
export const dnsClassIn = 1;

/** The opcode of an ordinary query; every other opcode is answered NOTIMP. */
export const dnsOpcodeQuery = 0;

const typeNames = new Map<number, string>(Object.entries(dnsType).map(([k, v]) => [v, k]));
const rcodeNames = new Map<number, string>(Object.entries(dnsRcode).map(([k, v]) => [v, k]));

export function dnsTypeName(type: number): string {
  return typeNames.get(type) ?? `TYPE${type}`;
}

export function dnsRcodeName(rcode: number): string {
  return rcodeNames.get(rcode) ?? `RCODE${rcode}`;
}
