import { describe, expect, it } from "vitest";
import { AirlockError } from "../../core/airlock-error.js";
import {
  defaultAddressPool,
  parseAddressPool,
  poolCapacity,
  sandboxAddressing,
  type SandboxAddressing,
} from "./address-pool.js";
import { cidrContains, cidrHas, parseCidr, type Cidr } from "./cidr.js";
import { parseIpAddress, type IpAddress } from "./ip-address.js";

function cidr(text: string): Cidr {
  const parsed = parseCidr(text);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.cidr;
}

function ip(text: string): IpAddress {
  const address = parseIpAddress(text);
  if (address === undefined) throw new Error(`${text} is not an address`);
  return address;
}

function errorCode(run: () => unknown): string {
  try {
    run();
  } catch (e: unknown) {
    if (e instanceof AirlockError) return e.code;
    throw e;
  }
  return "no error";
}

describe("sandboxAddressing", () => {
  it("gives slot N the N-th /30 and /64 of the default pool", () => {
    expect(sandboxAddressing(defaultAddressPool, 0)).toEqual<SandboxAddressing>({
      slot: 0,
      pool: defaultAddressPool,
      ipv4: {
        network: "10.213.0.0/30",
        gateway: "10.213.0.1",
        sandbox: "10.213.0.2",
        broadcast: "10.213.0.3",
        prefixLength: 30,
      },
      ipv6: {
        network: "fd61:6972:6c6b::/64",
        gateway: "fd61:6972:6c6b::1",
        sandbox: "fd61:6972:6c6b::2",
        prefixLength: 64,
        gatewayLinkLocal: "fe80::61:6cff:fe00:1",
        sandboxLinkLocal: "fe80::61:6cff:fe00:2",
      },
      hostMac: "02:61:6c:00:00:01",
      sandboxMac: "02:61:6c:00:00:02",
      hostIfname: "alk0h",
      sandboxIfname: "eth0",
    });
    const later = sandboxAddressing(defaultAddressPool, 300);
    expect(later.ipv4.network).toBe("10.213.4.176/30");
    expect(later.ipv6?.network).toBe("fd61:6972:6c6b:12c::/64");
    expect(later.sandboxMac).toBe("02:61:6c:01:2c:02");
    expect(later.hostIfname).toBe("alk300h");
  });

  it("keeps every slot inside the pool and distinct from every other slot", () => {
    const pool = parseAddressPool("10.99.0.0/22", "fd00:1234:5678::/56");
    const capacity = poolCapacity(pool);
    expect(capacity).toBe(256);
    const seen = new Set<string>();
    for (let slot = 0; slot < capacity; slot++) {
      const a = sandboxAddressing(pool, slot);
      expect(cidrContains(cidr(pool.ipv4), cidr(a.ipv4.network))).toBe(true);
      expect(a.ipv6).not.toBeNull();
      if (a.ipv6 === null) continue;
      expect(cidrContains(cidr(pool.ipv6 ?? ""), cidr(a.ipv6.network))).toBe(true);
      for (const address of [a.ipv4.gateway, a.ipv4.sandbox, a.ipv4.broadcast]) {
        expect(cidrHas(cidr(a.ipv4.network), ip(address))).toBe(true);
      }
      for (const address of [a.ipv6.gateway, a.ipv6.sandbox]) {
        expect(cidrHas(cidr(a.ipv6.network), ip(address))).toBe(true);
      }
      for (const address of [a.ipv6.gatewayLinkLocal, a.ipv6.sandboxLinkLocal]) {
        expect(cidrHas(cidr("fe80::/64"), ip(address))).toBe(true);
      }
      for (const mac of [a.hostMac, a.sandboxMac]) {
        const first = parseInt(mac.slice(0, 2), 16);
        expect(first & 0x02).toBe(0x02); // locally administered
        expect(first & 0x01).toBe(0); // unicast
      }
      expect(a.hostIfname.length).toBeLessThanOrEqual(15);
      const unique = [
        a.ipv4.network,
        a.ipv6.network,
        a.hostMac,
        a.sandboxMac,
        a.hostIfname,
        a.ipv6.gatewayLinkLocal,
        a.ipv6.sandboxLinkLocal,
      ];
      for (const value of unique) {
        expect(seen.has(value)).toBe(false);
        seen.add(value);
      }
    }
  });

  it("gives no IPv6 when the pool has none", () => {
    const a = sandboxAddressing({ ...defaultAddressPool, ipv6: null }, 7);
    expect(a.ipv6).toBeNull();
    expect(a.ipv4.sandbox).toBe("10.213.0.30");
  });

  it("stays within 15-character interface names at the largest slot", () => {
    const pool = parseAddressPool("10.0.0.0/8", null);
    expect(poolCapacity(pool)).toBe(65536);
    const last = sandboxAddressing(pool, 65535);
    expect(last.hostIfname).toBe("alk65535h");
    expect(last.sandboxMac).toBe("02:61:6c:ff:ff:02");
    expect(last.ipv4.network).toBe("10.3.255.252/30");
  });

  it("refuses slots beyond the pool (capacity) and non-slots (a bug)", () => {
    expect(poolCapacity(defaultAddressPool)).toBe(16384);
    expect(errorCode(() => sandboxAddressing(defaultAddressPool, 16384))).toBe(
      "AIRLOCK_E_CAPACITY",
    );
    expect(errorCode(() => sandboxAddressing(defaultAddressPool, -1))).toBe("AIRLOCK_E_INTERNAL");
    expect(errorCode(() => sandboxAddressing(defaultAddressPool, 1.5))).toBe("AIRLOCK_E_INTERNAL");
  });
});

describe("parseAddressPool", () => {
  it("canonicalises", () => {
    expect(parseAddressPool(" 10.1.0.0/16", "FD00::/48")).toEqual({
      ipv4: "10.1.0.0/16",
      ipv6: "fd00::/48",
    });
  });

  it.each([
    ["10.1.0.0/31", null, "smaller than one sandbox's /30"],
    ["10.1.0.1/16", null, "did you mean 10.1.0.0/16"],
    ["fd00::/48", null, "not IPv4"],
    ["10.1.0.0/16", "10.2.0.0/16", "not IPv6"],
    ["10.1.0.0/16", "fd00::/80", "smaller than one sandbox's /64"],
  ])("refuses %s and %s: %s", (ipv4, ipv6, problem) => {
    try {
      parseAddressPool(ipv4, ipv6);
      expect.unreachable();
    } catch (e: unknown) {
      expect(e).toBeInstanceOf(AirlockError);
      expect((e as AirlockError).code).toBe("AIRLOCK_E_USAGE");
      expect((e as AirlockError).message).toContain(problem);
    }
  });
});
