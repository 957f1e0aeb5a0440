import { describe, expect, it } from "vitest";
import { answerAddresses } from "./dns-answer-addresses.js";
import type { DnsRecord, DnsRecordData, DnsResponse } from "./dns-message.js";

const record = (name: string, ttl: number, data: DnsRecordData, cls = 1): DnsRecord => ({
  name: name.split("."),
  type: 0,
  class: cls,
  ttl,
  data,
});
const a = (address: string): DnsRecordData => ({ kind: "a", address });
const aaaa = (address: string): DnsRecordData => ({ kind: "aaaa", address });
const cname = (target: string): DnsRecordData => ({ kind: "cname", target: target.split(".") });
const response = (...answers: DnsRecord[]): DnsResponse => ({
  id: 1,
  opcode: 0,
  truncated: false,
  rcode: 0,
  question: undefined,
  answers,
});

describe("answerAddresses", () => {
  it("collects A and AAAA of the name with the smallest TTL", () => {
    const found = answerAddresses(
      response(
        record("host.test", 300, a("192.0.2.1")),
        record("HOST.test", 100, aaaa("2001:db8::1")),
        record("host.test", 300, a("192.0.2.1")),
      ),
      ["host", "test"],
    );
    expect(found).toEqual({ v4: ["192.0.2.1"], v6: ["2001:db8::1"], ttl: 100 });
  });

  it("follows CNAME chains in any order, counting their TTLs", () => {
    const found = answerAddresses(
      response(
        record("c.cdn", 50, a("192.0.2.9")),
        record("b.alias", 20, cname("c.cdn")),
        record("www.site", 300, cname("b.alias")),
      ),
      ["www", "site"],
    );
    expect(found).toEqual({ v4: ["192.0.2.9"], v6: [], ttl: 20 });
  });

  it("ignores records for names outside the chain and other classes", () => {
    const found = answerAddresses(
      response(
        record("www.site", 300, a("192.0.2.1")),
        record("evil.test", 300, a("169.254.169.254")),
        record("www.site", 300, a("192.0.2.66"), 3),
      ),
      ["www", "site"],
    );
    expect(found.v4).toEqual(["192.0.2.1"]);
  });

  it("terminates on CNAME loops and reports nothing without addresses", () => {
    const found = answerAddresses(
      response(record("a.x", 10, cname("b.x")), record("b.x", 10, cname("a.x"))),
      ["a", "x"],
    );
    expect(found).toEqual({ v4: [], v6: [], ttl: 0 });
  });
});
