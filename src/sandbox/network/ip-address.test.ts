import { describe, expect, it } from "vitest";
import { formatIpAddress, parseIpAddress, parseIpv4, parseIpv6 } from "./ip-address.js";

describe("parseIpv4", () => {
  it("reads dotted quads", () => {
    expect(parseIpv4("10.213.0.2")).toBe(0x0ad50002n);
    expect(parseIpv4("255.255.255.255")).toBe(0xffffffffn);
    expect(parseIpv4("0.0.0.0")).toBe(0n);
  });

  it.each([
    "10.0.0",
    "10.0.0.0.1",
    "256.0.0.1",
    "010.0.0.1",
    "1.2.3.-4",
    "1.2.3.4 ",
    "",
    "a.b.c.d",
  ])("refuses %j", (text) => expect(parseIpv4(text)).toBeUndefined());
});

describe("parseIpv6", () => {
  it("reads every text form", () => {
    expect(parseIpv6("::")).toBe(0n);
    expect(parseIpv6("::1")).toBe(1n);
    expect(parseIpv6("fd00:ec2::254")).toBe((0xfd00n << 112n) | (0xec2n << 96n) | 0x254n);
    expect(parseIpv6("::ffff:10.0.0.1")).toBe((0xffffn << 32n) | 0x0a000001n);
    expect(parseIpv6("1:2:3:4:5:6:7:8")).toBe(0x00010002000300040005000600070008n);
    expect(parseIpv6("FE80::1")).toBe((0xfe80n << 112n) | 1n);
  });

  it.each([
    ":::",
    "1::2::3",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5:6:7",
    "12345::",
    "fe80::1%eth0",
    ":1::",
    "1:",
    "1.2.3.4::",
    "::1.2.3",
  ])("refuses %j", (text) => expect(parseIpv6(text)).toBeUndefined());
});

describe("formatIpAddress", () => {
  it.each([
    ["10.213.0.2", "10.213.0.2"],
    ["2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"],
    ["2001:db8:0:1:0:0:0:1", "2001:db8:0:1::1"],
    ["2001:0:0:1:0:0:0:1", "2001:0:0:1::1"],
    ["1:0:2:3:4:5:6:7", "1:0:2:3:4:5:6:7"],
    ["::", "::"],
    ["::ffff:10.0.0.1", "::ffff:a00:1"],
  ])("writes %s as %s", (input, canonical) => {
    const address = parseIpAddress(input);
    expect(address).toBeDefined();
    if (address !== undefined) expect(formatIpAddress(address)).toBe(canonical);
  });
});
