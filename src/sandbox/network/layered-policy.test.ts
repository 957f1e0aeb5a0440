import { describe, expect, it } from "vitest";
import { layeredPolicy } from "./layered-policy.js";
import { parseNetworkPolicy } from "./parse-network-policy.js";
import { formatNetworkPolicy } from "./network-policy.js";

const p = (kind: string, allow?: string) => parseNetworkPolicy(kind, allow);

describe("layeredPolicy", () => {
  it("a job cannot widen its runner: internet under an allowlist runner is the allowlist", () => {
    const result = layeredPolicy([
      { level: "runner", policy: p("allowlist", "registry.npmjs.org:443") },
      { level: "job", policy: p("internet") },
    ]);
    expect(formatNetworkPolicy(result.policy)).toBe("allowlist(registry.npmjs.org:443)");
    expect(result.narrowed).toHaveLength(1);
    expect(result.narrowed[0]).toMatch(
      /^job asked for more than runner allows: .*internet would widen it/,
    );
  });

  it("an image limit of none bounds every job, whatever the runner allows", () => {
    const result = layeredPolicy([
      { level: "runner", policy: p("internet") },
      { level: "image offline", policy: p("none") },
      { level: "job", policy: p("allowlist", "example.com:443") },
    ]);
    expect(result.policy).toEqual({ kind: "none" });
    expect(result.narrowed[0]).toMatch(
      /^job asked for more than runner and image offline allows: example.com:443/,
    );
  });

  it("a job may narrow freely; only what it asked beyond the runner is reported", () => {
    const result = layeredPolicy([
      { level: "runner", policy: p("internet") },
      { level: "job", policy: p("allowlist", "example.com:443,10.1.2.3:5432") },
    ]);
    // The private entry is not in internet's reach: narrowing reports it.
    expect(formatNetworkPolicy(result.policy)).toBe("allowlist(example.com:443)");
    expect(result.narrowed).toEqual([
      "job asked for more than runner allows: 10.1.2.3:5432: 10.1.2.3 is private (10.0.0.0/8), which the enclosing internet policy does not reach",
    ]);
    const none = layeredPolicy([
      { level: "runner", policy: p("allowlist", "example.com:443") },
      { level: "job", policy: p("none") },
    ]);
    expect(none).toEqual({ policy: { kind: "none" }, narrowed: [] });
  });
});
