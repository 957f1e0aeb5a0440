import { describe, expect, it } from "vitest";
import { ipv4Text, ipv6Text } from "./ip-address-text.js";

const v6 = (...groups: number[]): Uint8Array => {
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    bytes[2 * i] = g >> 8;
    bytes[2 * i + 1] = g & 0xff;
  });
  return bytes;
};

describe("IP address text", () => {
  it("writes dotted quads", () => {
    expect(ipv4Text(Uint8Array.of(192, 0, 2, 255))).toBe("192.0.2.255");
  });

  it("writes RFC 5952 canonical IPv6", () => {
    expect(ipv6Text(v6())).toBe("::");
    expect(ipv6Text(v6(0, 0, 0, 0, 0, 0, 0, 1))).toBe("::1");
    expect(ipv6Text(v6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1))).toBe("2001:db8::1");
    expect(ipv6Text(v6(0x2001, 0xdb8, 0, 1, 1, 1, 1, 1))).toBe("2001:db8:0:1:1:1:1:1");
    expect(ipv6Text(v6(1, 0, 0, 2, 0, 0, 0, 3))).toBe("1:0:0:2::3");
    expect(ipv6Text(v6(1, 0, 0, 2, 3, 0, 0, 4))).toBe("1::2:3:0:0:4");
    expect(ipv6Text(v6(0xfe80, 0, 0, 0, 0, 0, 0, 0))).toBe("fe80::");
    expect(ipv6Text(v6(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254))).toBe("fd00:ec2::254");
  });

  it("rejects wrong lengths", () => {
    expect(() => ipv4Text(new Uint8Array(3))).toThrow(RangeError);
    expect(() => ipv6Text(new Uint8Array(4))).toThrow(RangeError);
  });
});
