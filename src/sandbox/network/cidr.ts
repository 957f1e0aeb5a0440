import { AirlockError } from "../../core/airlock-error.js";
import {
  familyBits,
  formatIpAddress,
  parseIpAddress,
  type IpAddress,
  type IpFamily,
} from "./ip-address.js";

/**
 * A network prefix. Invariant: the bits of `network` below `prefixLength` are zero, so two
 * equal networks always compare equal field by field.
 */
export interface Cidr {
  readonly family: IpFamily;
  readonly network: bigint;
  readonly prefixLength: number;
}

export type CidrParse =
  { readonly ok: true; readonly cidr: Cidr } | { readonly ok: false; readonly problem: string };

function hostMask(family: IpFamily, prefixLength: number): bigint {
  return (1n << BigInt(familyBits(family) - prefixLength)) - 1n;
}

/** The prefix of `prefixLength` bits holding `address` (host bits cleared). */
export function cidrOf(address: IpAddress, prefixLength: number): Cidr {
  return {
    family: address.family,
    network: address.value & ~hostMask(address.family, prefixLength),
    prefixLength,
  };
}

/**
 * `a.b.c.d/n`, `x::y/n`, or a bare address (a /32 or /128). Host bits must be zero: the
 * problem text then suggests the network the user probably meant.
 */
export function parseCidr(text: string): CidrParse {
  const slash = text.indexOf("/");
  const addressText = slash === -1 ? text : text.slice(0, slash);
  const address = parseIpAddress(addressText);
  if (address === undefined) return { ok: false, problem: `"${addressText}" is not an IP address` };
  const bits = familyBits(address.family);
  let prefixLength = bits;
  if (slash !== -1) {
    const prefixText = text.slice(slash + 1);
    if (!/^(0|[1-9][0-9]{0,2})$/.test(prefixText) || Number(prefixText) > bits) {
      return { ok: false, problem: `the prefix length must be a number from 0 to ${bits}` };
    }
    prefixLength = Number(prefixText);
  }
  const cidr = cidrOf(address, prefixLength);
  if (cidr.network !== address.value) {
    return {
      ok: false,
      problem: `host bits are set after /${prefixLength} (did you mean ${formatCidr(cidr)}?)`,
    };
  }
  return { ok: true, cidr };
}

/** Canonical text: `10.1.2.0/24`, `2001:db8::/32`; single addresses keep their /32 or /128. */
export function formatCidr(cidr: Cidr): string {
  return `${formatIpAddress({ family: cidr.family, value: cidr.network })}/${cidr.prefixLength}`;
}

/** Whether every address of `inner` is in `outer` (different families: never). */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  if (outer.family !== inner.family || outer.prefixLength > inner.prefixLength) return false;
  return (
    cidrOf({ family: inner.family, value: inner.network }, outer.prefixLength).network ===
    outer.network
  );
}

/** Whether `a` and `b` share at least one address. */
export function cidrOverlaps(a: Cidr, b: Cidr): boolean {
  return cidrContains(a, b) || cidrContains(b, a);
}

/** Whether `address` is in `cidr`. */
export function cidrHas(cidr: Cidr, address: IpAddress): boolean {
  return cidrContains(cidr, cidrOf(address, familyBits(address.family)));
}

/** The address at `offset` from the start of `cidr` (0 is the network address itself). */
export function addressAt(cidr: Cidr, offset: bigint): IpAddress {
  return { family: cidr.family, value: cidr.network + offset };
}

/** The last address of `cidr` (its broadcast address, for IPv4). */
export function lastAddress(cidr: Cidr): IpAddress {
  return { family: cidr.family, value: cidr.network | hostMask(cidr.family, cidr.prefixLength) };
}

/** Parses a CIDR that is part of airlock's own data; a failure is our bug (AIRLOCK_E_INTERNAL). */
export function builtinCidr(text: string): Cidr {
  const parsed = parseCidr(text);
  if (!parsed.ok) {
    throw new AirlockError("AIRLOCK_E_INTERNAL", `bad built-in CIDR ${text}: ${parsed.problem}`);
  }
  return parsed.cidr;
}
