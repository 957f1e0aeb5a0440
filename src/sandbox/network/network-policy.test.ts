import { describe, expect, it } from "vitest";
import { formatAllowEntry, formatNetworkPolicy, type AllowEntry } from "./network-policy.js";

describe("formatAllowEntry", () => {
  it("writes the shortest canonical form", () => {
    const entries: AllowEntry[] = [
      { target: { kind: "host", name: "example.com" }, ports: "all", protocol: "both" },
      {
        target: { kind: "cidr", cidr: "10.1.2.3/32" },
        ports: [{ first: 22, last: 22 }],
        protocol: "tcp",
      },
      { target: { kind: "cidr", cidr: "10.1.2.0/24" }, ports: "all", protocol: "udp" },
      {
        target: { kind: "cidr", cidr: "2001:db8::1/128" },
        ports: [
          { first: 53, last: 53 },
          { first: 8000, last: 8100 },
        ],
        protocol: "both",
      },
      { target: { kind: "cidr", cidr: "2001:db8::/32" }, ports: "all", protocol: "tcp" },
    ];
    expect(entries.map(formatAllowEntry)).toEqual([
      "example.com",
      "10.1.2.3:22/tcp",
      "10.1.2.0/24/udp",
      "[2001:db8::1]:53+8000-8100",
      "2001:db8::/32/tcp",
    ]);
  });
});

describe("formatNetworkPolicy", () => {
  it("names the policy and lists an allowlist", () => {
    expect(formatNetworkPolicy({ kind: "none" })).toBe("none");
    expect(formatNetworkPolicy({ kind: "internet" })).toBe("internet");
    expect(
      formatNetworkPolicy({
        kind: "allowlist",
        entries: [{ target: { kind: "host", name: "a.com" }, ports: "all", protocol: "both" }],
      }),
    ).toBe("allowlist(a.com)");
  });
});
