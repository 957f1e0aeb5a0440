import { describe, expect, it } from "vitest";
import { dnsNameText, dnsNamesEqual, readDnsName, writeDnsName } from "./dns-name.js";

const bytes = (...parts: (number | string)[]): Buffer =>
  Buffer.concat(
    parts.map((p) => (typeof p === "number" ? Buffer.from([p]) : Buffer.from(p, "latin1"))),
  );

describe("DNS names", () => {
  it("round-trips labels through the wire form", () => {
    const wire = writeDnsName(["www", "Example", "com"]);
    expect(wire).toEqual(bytes(3, "www", 7, "Example", 3, "com", 0));
    expect(readDnsName(wire, 0)).toEqual({ name: ["www", "Example", "com"], next: wire.length });
    expect(readDnsName(bytes(0), 0)).toEqual({ name: [], next: 1 });
  });

  it("follows backward compression pointers and reports where the name ended", () => {
    // "example.com" at 0, then "www" + pointer to 0 at 13.
    const message = bytes(7, "example", 3, "com", 0, 3, "www", 0xc0, 0);
    expect(readDnsName(message, 13)).toEqual({ name: ["www", "example", "com"], next: 19 });
  });

  it("rejects pointer loops, forward pointers and reserved label types", () => {
    expect(readDnsName(bytes(0xc0, 0), 0)).toBeUndefined(); // points at itself
    expect(readDnsName(bytes(1, "a", 0xc0, 0), 0)).toBeUndefined(); // back into its own run
    expect(readDnsName(bytes(0xc0, 2, 0), 0)).toBeUndefined(); // forward
    // two pointers chasing each other: 2 -> 0 -> 2
    expect(readDnsName(bytes(0xc0, 2, 0xc0, 0), 2)).toBeUndefined();
    expect(readDnsName(bytes(0x40, 0), 0)).toBeUndefined();
    expect(readDnsName(bytes(0x80, 0), 0)).toBeUndefined();
  });

  it("rejects truncation and names over 255 bytes", () => {
    expect(readDnsName(bytes(3, "ww"), 0)).toBeUndefined();
    expect(readDnsName(bytes(3, "www"), 0)).toBeUndefined();
    expect(readDnsName(bytes(0xc0), 1)).toBeUndefined();
    expect(readDnsName(Buffer.alloc(0), 0)).toBeUndefined();
    const label = bytes(63, "a".repeat(63));
    const long = Buffer.concat([label, label, label, label, bytes(0)]); // 4 * 64 + 1 = 257
    expect(readDnsName(long, 0)).toBeUndefined();
    const longest = Buffer.concat([label, label, label, bytes(61, "a".repeat(61), 0)]); // 255
    expect(readDnsName(longest, 0)?.name).toHaveLength(4);
    expect(() => writeDnsName(["a".repeat(64)])).toThrow(RangeError);
  });

  it("compares case-insensitively for ASCII only", () => {
    expect(dnsNamesEqual(["WWW", "example"], ["www", "EXAMPLE"])).toBe(true);
    expect(dnsNamesEqual(["\u00c0"], ["\u00e0"])).toBe(false);
    expect(dnsNamesEqual(["a"], ["a", "b"])).toBe(false);
  });

  it("escapes names for logs so they cannot inject or impersonate", () => {
    expect(dnsNameText(["WWW", "Example", "com"])).toBe("www.example.com");
    expect(dnsNameText([])).toBe(".");
    expect(dnsNameText(["a.example", "com"])).toBe("a\\.example.com");
    expect(dnsNameText(["x\ny", "com"])).toBe("x\\010y.com");
    expect(dnsNameText(["_acme-challenge", "x"])).toBe("_acme-challenge.x");
  });
});
