import { describe, expect, it } from "vitest";
import { pinSetsFor, type HostPinSets } from "./allowlist-egress.js";

const hostSets: HostPinSets[] = [
  { host: "example.com", ipv4Set: "allow4_both_443", ipv6Set: "allow6_both_443" },
  { host: "*.example.com", ipv4Set: "allow4", ipv6Set: "allow6" },
  { host: "registry.npmjs.org", ipv4Set: "allow4", ipv6Set: "allow6" },
  { host: "*.npmjs.org", ipv4Set: "allow4", ipv6Set: "allow6" },
];

describe("pinSetsFor", () => {
  it("matches names exactly or below a wildcard, like the DNS forwarder's filter", () => {
    expect(pinSetsFor(hostSets, "Example.COM.").map((s) => s.ipv4Set)).toEqual(["allow4_both_443"]);
    expect(pinSetsFor(hostSets, "a.b.example.com").map((s) => s.ipv4Set)).toEqual(["allow4"]);
    expect(pinSetsFor(hostSets, "registry.npmjs.org")).toEqual([hostSets[2]]);
    expect(pinSetsFor(hostSets, "badexample.com")).toEqual([]);
    expect(pinSetsFor(hostSets, "npmjs.org")).toEqual([]);
  });
});
