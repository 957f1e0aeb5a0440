import { AirlockError } from "../../core/airlock-error.js";
import { addressAt, formatCidr, lastAddress, parseCidr, type Cidr } from "./cidr.js";
import { formatIpAddress, type IpAddress } from "./ip-address.js";

/**
 * Where sandbox addresses come from: an IPv4 pool cut into one /30 per sandbox and, where
 * the host has IPv6, an IPv6 pool cut into one /64 per sandbox. Canonical CIDR text, so a
 * pool is plain data (config, sandbox records). `ipv6: null` means the host has no IPv6:
 * sandboxes then get none (and compile-ruleset drops every IPv6 packet they send).
 */
export interface AddressPool {
  readonly ipv4: string;
  readonly ipv6: string | null;
}

/** 10.213.0.0/16 (16384 sandboxes) and a ULA /48 spelling "airlk" (fd61:6972:6c6b). */
export const defaultAddressPool: AddressPool = {
  ipv4: "10.213.0.0/16",
  ipv6: "fd61:6972:6c6b::/48",
};

/** Every host-side sandbox interface name starts with this (nft matches `alk*`). */
export const hostIfnamePrefix = "alk";

/** The interface name inside every sandbox. */
export const sandboxIfname = "eth0";

/**
 * The most slots any pool offers: MACs carry the slot in 16 bits, and `alk65535h` is well
 * within the kernel's 15-character interface names.
 */
export const maxSlots = 65536;

/** The host-side interface of slot `slot`: the label the orphan sweep finds links by. */
export function hostIfnameOf(slot: number): string {
  return `${hostIfnamePrefix}${slot}h`;
}

export interface Ipv4Addressing {
  /** The sandbox's /30, e.g. `10.213.0.4/30`. */
  readonly network: string;
  /** Network + 1, on the host-side veth: the sandbox's default route and DNS forwarder. */
  readonly gateway: string;
  /** Network + 2, on the sandbox's eth0. */
  readonly sandbox: string;
  /** Network + 3. */
  readonly broadcast: string;
  readonly prefixLength: 30;
}

export interface Ipv6Addressing {
  /** The sandbox's /64, e.g. `fd61:6972:6c6b:1::/64`. */
  readonly network: string;
  /** `<network>::1`, on the host-side veth. */
  readonly gateway: string;
  /** `<network>::2`, on the sandbox's eth0. */
  readonly sandbox: string;
  readonly prefixLength: 64;
  /** EUI-64 link-local addresses from the MACs: what the kernel assigns with addrgenmode eui64. */
  readonly gatewayLinkLocal: string;
  readonly sandboxLinkLocal: string;
}

/** Everything a sandbox's link needs; a pure function of (pool, slot). */
export interface SandboxAddressing {
  readonly slot: number;
  readonly pool: AddressPool;
  readonly ipv4: Ipv4Addressing;
  readonly ipv6: Ipv6Addressing | null;
  /** Locally administered unicast MACs `02:61:6c:SS:SS:01` (host) and `...:02` (sandbox). */
  readonly hostMac: string;
  readonly sandboxMac: string;
  /** `alk<slot>h`: the host-side veth. */
  readonly hostIfname: string;
  /** `eth0`: the sandbox side, renamed when moved into the sandbox's namespace. */
  readonly sandboxIfname: string;
}

function poolError(message: string, fix: string): AirlockError {
  return new AirlockError("AIRLOCK_E_USAGE", message, { fix });
}

function parsePoolPart(text: string, family: 4 | 6, largest: number): Cidr {
  const parsed = parseCidr(text.trim());
  const name = family === 4 ? "IPv4" : "IPv6";
  const slice = family === 4 ? "/30" : "/64";
  if (!parsed.ok || parsed.cidr.family !== family) {
    throw poolError(
      `invalid ${name} address pool "${text}": ${parsed.ok ? `not ${name}` : parsed.problem}`,
      `give an ${name} network such as ${family === 4 ? defaultAddressPool.ipv4 : (defaultAddressPool.ipv6 ?? "")}`,
    );
  }
  if (parsed.cidr.prefixLength > largest) {
    throw poolError(
      `${name} address pool ${text} is smaller than one sandbox's ${slice}`,
      `use a prefix of /${largest} or shorter`,
    );
  }
  return parsed.cidr;
}

function poolCidrs(pool: AddressPool): { v4: Cidr; v6: Cidr | null } {
  return {
    v4: parsePoolPart(pool.ipv4, 4, 30),
    v6: pool.ipv6 === null ? null : parsePoolPart(pool.ipv6, 6, 64),
  };
}

/**
 * A pool from configuration text, canonicalised. AIRLOCK_E_USAGE for a network that does not
 * parse, is of the wrong family, or holds not even one /30 (IPv4) or /64 (IPv6).
 */
export function parseAddressPool(ipv4: string, ipv6: string | null): AddressPool {
  const { v4, v6 } = poolCidrs({ ipv4, ipv6 });
  return { ipv4: formatCidr(v4), ipv6: v6 === null ? null : formatCidr(v6) };
}

/** How many sandboxes the pool addresses: the smaller of its /30s, its /64s and maxSlots. */
export function poolCapacity(pool: AddressPool): number {
  const { v4, v6 } = poolCidrs(pool);
  const slots = [2 ** (30 - v4.prefixLength), maxSlots];
  if (v6 !== null) slots.push(2 ** Math.min(64 - v6.prefixLength, 30));
  return Math.min(...slots);
}

function mac(slot: number, role: 1 | 2): string {
  const bytes = [0x02, 0x61, 0x6c, slot >> 8, slot & 0xff, role];
  return bytes.map((b) => b.toString(16).padStart(2, "0")).join(":");
}

/** fe80::/64 with the modified EUI-64 interface id of `macText` (RFC 4291 appendix A). */
function eui64LinkLocal(macText: string): string {
  const b = macText.split(":").map((h) => parseInt(h, 16));
  const id = [
    (b[0] ?? 0) ^ 0x02,
    b[1] ?? 0,
    b[2] ?? 0,
    0xff,
    0xfe,
    b[3] ?? 0,
    b[4] ?? 0,
    b[5] ?? 0,
  ];
  const value = id.reduce((acc, byte) => (acc << 8n) | BigInt(byte), 0xfe80n << 48n);
  return formatIpAddress({ family: 6, value });
}

const text = (address: IpAddress): string => formatIpAddress(address);

/**
 * The addressing of `slot` in `pool`. Slot N gets the N-th /30 of the IPv4 pool (gateway
 * .1 on the host side, sandbox .2) and the N-th /64 of the IPv6 pool (::1 and ::2), MACs and
 * interface names derived from N. Distinct slots never share an address, a MAC or a name.
 * The caller claims the slot atomically (as uid-range.host.ts does for id ranges).
 * AIRLOCK_E_CAPACITY when the pool has no slot N; AIRLOCK_E_INTERNAL for a slot that is not
 * a non-negative integer.
 */
export function sandboxAddressing(pool: AddressPool, slot: number): SandboxAddressing {
  if (!Number.isSafeInteger(slot) || slot < 0) {
    throw new AirlockError(
      "AIRLOCK_E_INTERNAL",
      `sandbox network slot ${slot} is not a slot number`,
    );
  }
  const capacity = poolCapacity(pool);
  if (slot >= capacity) {
    throw new AirlockError(
      "AIRLOCK_E_CAPACITY",
      `network slot ${slot} is beyond the address pool (${capacity} sandboxes)`,
      { fix: "configure a larger sandbox address pool, or run fewer sandboxes at once" },
    );
  }
  const { v4, v6 } = poolCidrs(pool);
  const net4: Cidr = { family: 4, network: v4.network + BigInt(slot) * 4n, prefixLength: 30 };
  const hostMac = mac(slot, 1);
  const sandboxMac = mac(slot, 2);
  let ipv6: Ipv6Addressing | null = null;
  if (v6 !== null) {
    const net6: Cidr = { family: 6, network: v6.network + (BigInt(slot) << 64n), prefixLength: 64 };
    ipv6 = {
      network: formatCidr(net6),
      gateway: text(addressAt(net6, 1n)),
      sandbox: text(addressAt(net6, 2n)),
      prefixLength: 64,
      gatewayLinkLocal: eui64LinkLocal(hostMac),
      sandboxLinkLocal: eui64LinkLocal(sandboxMac),
    };
  }
  return {
    slot,
    pool: { ipv4: formatCidr(v4), ipv6: v6 === null ? null : formatCidr(v6) },
    ipv4: {
      network: formatCidr(net4),
      gateway: text(addressAt(net4, 1n)),
      sandbox: text(addressAt(net4, 2n)),
      broadcast: text(lastAddress(net4)),
      prefixLength: 30,
    },
    ipv6,
    hostMac,
    sandboxMac,
    hostIfname: hostIfnameOf(slot),
    sandboxIfname,
  };
}
