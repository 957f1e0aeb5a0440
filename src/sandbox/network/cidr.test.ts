import { describe, expect, it } from "vitest";
import { cidrContains, cidrHas, cidrOverlaps, formatCidr, parseCidr, type Cidr } from "./cidr.js";
import { parseIpAddress } from "./ip-address.js";

function cidr(text: string): Cidr {
  const parsed = parseCidr(text);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.cidr;
}

describe("parseCidr", () => {
  it("reads prefixes and bare addresses, canonically", () => {
    expect(formatCidr(cidr("10.1.2.0/24"))).toBe("10.1.2.0/24");
    expect(formatCidr(cidr("10.1.2.3"))).toBe("10.1.2.3/32");
    expect(formatCidr(cidr("2001:DB8::/32"))).toBe("2001:db8::/32");
    expect(formatCidr(cidr("::1"))).toBe("::1/128");
    expect(formatCidr(cidr("0.0.0.0/0"))).toBe("0.0.0.0/0");
  });

  it("refuses host bits and suggests the network", () => {
    const parsed = parseCidr("10.1.2.5/24");
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toContain("did you mean 10.1.2.0/24");
  });

  it.each(["10.1.2.0/33", "10.1.2.0/", "10.1.2.0/-1", "::/129", "10.1.2.0/024", "x/8"])(
    "refuses %j",
    (text) => expect(parseCidr(text).ok).toBe(false),
  );
});

describe("containment", () => {
  it("holds for prefixes inside prefixes of the same family only", () => {
    expect(cidrContains(cidr("10.0.0.0/8"), cidr("10.1.2.0/24"))).toBe(true);
    expect(cidrContains(cidr("10.1.2.0/24"), cidr("10.0.0.0/8"))).toBe(false);
    expect(cidrContains(cidr("10.0.0.0/8"), cidr("11.0.0.0/24"))).toBe(false);
    expect(cidrContains(cidr("0.0.0.0/0"), cidr("::/128"))).toBe(false);
    expect(cidrContains(cidr("fc00::/7"), cidr("fd00:ec2::254"))).toBe(true);
    expect(cidrOverlaps(cidr("10.1.2.0/24"), cidr("10.0.0.0/8"))).toBe(true);
    expect(cidrOverlaps(cidr("10.1.2.0/24"), cidr("10.1.3.0/24"))).toBe(false);
  });

  it("finds addresses", () => {
    const address = parseIpAddress("169.254.169.254");
    if (address === undefined) throw new Error("parse");
    expect(cidrHas(cidr("169.254.0.0/16"), address)).toBe(true);
    expect(cidrHas(cidr("169.253.0.0/16"), address)).toBe(false);
  });
});
