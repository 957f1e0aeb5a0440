import { describe, expect, it } from "vitest";
import { cidrOverlaps, formatCidr, parseCidr, type Cidr } from "./cidr.js";
import { destinationClasses, enclosingClass } from "./destination-classes.js";

function cidr(text: string): Cidr {
  const parsed = parseCidr(text);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.problem}`);
  return parsed.cidr;
}

describe("destinationClasses", () => {
  it("holds canonical CIDRs and reasons nft can store as comments", () => {
    for (const c of destinationClasses) {
      for (const text of c.cidrs) expect(formatCidr(cidr(text))).toBe(text);
      expect(Buffer.byteLength(c.reason)).toBeLessThanOrEqual(128);
      expect(c.reason).not.toMatch(/["\n]/);
    }
    expect(new Set(destinationClasses.map((c) => c.id)).size).toBe(destinationClasses.length);
  });

  it("covers every range issue 3 names, IPv4 and IPv6", () => {
    const all = destinationClasses.flatMap((c) => c.cidrs);
    for (const required of [
      "10.0.0.0/8",
      "172.16.0.0/12",
      "192.168.0.0/16",
      "100.64.0.0/10",
      "169.254.0.0/16",
      "127.0.0.0/8",
      "0.0.0.0/8",
      "224.0.0.0/4",
      "255.255.255.255/32",
      "fc00::/7",
      "fe80::/10",
      "fd00:ec2::254/128",
      "ff00::/8",
      "::1/128",
      "::ffff:0:0/96",
    ]) {
      expect(all).toContain(required);
    }
  });

  it("lists metadata first, so metadata inside broader classes counts as metadata", () => {
    expect(destinationClasses[0]?.id).toBe("metadata");
    expect(enclosingClass(cidr("fd00:ec2::254"), "always")?.id).toBe("metadata");
    expect(enclosingClass(cidr("169.254.169.254"), "always")?.id).toBe("metadata");
  });

  it("keeps private classes disjoint from each other", () => {
    const privates = destinationClasses
      .filter((c) => c.scope === "private")
      .flatMap((c) => c.cidrs);
    for (const [i, a] of privates.entries()) {
      for (const b of privates.slice(i + 1)) expect(cidrOverlaps(cidr(a), cidr(b))).toBe(false);
    }
  });

  it("finds the class enclosing a CIDR, and none for a CIDR only overlapping one", () => {
    expect(enclosingClass(cidr("10.1.0.0/16"), "private")?.id).toBe("private_10");
    expect(enclosingClass(cidr("fd12:3456::/32"), "private")?.id).toBe("unique_local");
    expect(enclosingClass(cidr("0.0.0.0/0"), "private")).toBeUndefined();
    expect(enclosingClass(cidr("8.8.8.8"), "private")).toBeUndefined();
    expect(enclosingClass(cidr("64:ff9b::a01:203"), "always")?.id).toBe("nat64_private");
    expect(enclosingClass(cidr("64:ff9b::808:808"), "always")).toBeUndefined();
  });
});
