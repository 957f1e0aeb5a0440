import { describe, expect, it } from "vitest";
import { AirlockError } from "../../../core/airlock-error.js";
import { compileDnsPolicy } from "./dns-policy.js";

const name = (text: string): string[] => text.split(".");

describe("compileDnsPolicy", () => {
  it("internet allows everything, none nothing", () => {
    expect(compileDnsPolicy({ kind: "internet" })(name("anything.test"))).toBe(true);
    expect(compileDnsPolicy({ kind: "none" })(name("anything.test"))).toBe(false);
  });

  const allows = compileDnsPolicy({
    kind: "allowlist",
    names: ["registry.npmjs.org", "*.example.com", "Upper.Case.Test.", "bücher.de"],
  });

  it("matches exact names case-insensitively, with or without a trailing dot in the entry", () => {
    expect(allows(name("registry.npmjs.org"))).toBe(true);
    expect(allows(name("REGISTRY.npmjs.ORG"))).toBe(true);
    expect(allows(name("upper.case.test"))).toBe(true);
    expect(allows(name("npmjs.org"))).toBe(false);
    expect(allows(name("x.registry.npmjs.org"))).toBe(false);
  });

  it("matches wildcard entries at any depth below, but not the apex", () => {
    expect(allows(name("a.example.com"))).toBe(true);
    expect(allows(name("a.b.example.com"))).toBe(true);
    expect(allows(name("example.com"))).toBe(false);
    expect(allows(name("badexample.com"))).toBe(false);
    expect(allows(name("example.com.evil.test"))).toBe(false);
  });

  it("converts non-ASCII entries to punycode", () => {
    expect(allows(name("xn--bcher-kva.de"))).toBe(true);
  });

  it("never matches labels that are not plain host labels", () => {
    expect(allows(["a.example", "com"])).toBe(false); // one label with a dot
    expect(allows(["registry", "npmjs", "org\u0000"])).toBe(false);
    expect(allows([])).toBe(false);
  });

  it("rejects bad entries with a usage error", () => {
    for (const bad of ["", "*", "*.", "a.*.com", "exa mple.com", "a..b", "x".repeat(64)]) {
      expect(() => compileDnsPolicy({ kind: "allowlist", names: [bad] })).toThrow(AirlockError);
    }
    try {
      compileDnsPolicy({ kind: "allowlist", names: ["a.*.com"] });
    } catch (error) {
      expect(error).toMatchObject({ code: "AIRLOCK_E_USAGE" });
    }
  });
});
