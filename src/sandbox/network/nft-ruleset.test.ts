import { describe, expect, it } from "vitest";
import { AirlockError } from "../../core/airlock-error.js";
import {
  fitComment,
  maxCommentBytes,
  nftRule,
  renderNftTables,
  renderNftTeardown,
  type NftTable,
} from "./nft-ruleset.js";

const table: NftTable = {
  family: "inet",
  name: "airlock-abc",
  counters: [{ name: "drop_x", comment: "x" }],
  sets: [{ name: "allow4", type: "ipv4_addr", comment: "pins", elements: ["192.0.2.1"] }],
  chains: [
    {
      name: "forward",
      hook: { type: "filter", hook: "forward", priority: "filter" },
      rules: [nftRule('iifname "alk1h"', "drop", "drop_x", "because")],
    },
  ],
};

function internal(run: () => unknown): boolean {
  try {
    run();
  } catch (e: unknown) {
    return e instanceof AirlockError && e.code === "AIRLOCK_E_INTERNAL";
  }
  return false;
}

describe("renderNftTables", () => {
  it("deletes each table if present, then creates it, in one text", () => {
    const text = renderNftTables([table]);
    expect(
      text.startsWith(
        "table inet airlock-abc\ndelete table inet airlock-abc\ntable inet airlock-abc {\n",
      ),
    ).toBe(true);
    expect(text).toContain('\tcounter drop_x {\n\t\tcomment "x"\n\t}\n');
    expect(text).toContain(
      '\t\ttype ipv4_addr\n\t\tflags timeout\n\t\tcomment "pins"\n\t\telements = { 192.0.2.1 }\n',
    );
    expect(text).toContain("\t\ttype filter hook forward priority filter; policy accept;\n");
    expect(text).toContain('\t\tiifname "alk1h" counter name "drop_x" drop comment "because"\n');
  });

  it("tears down idempotently", () => {
    expect(renderNftTeardown([table])).toBe(
      "table inet airlock-abc\ndelete table inet airlock-abc\n",
    );
  });

  it("refuses what could break out of its place in the text", () => {
    const withRule = (rule: ReturnType<typeof nftRule>): NftTable => ({
      ...table,
      chains: [{ name: "c", hook: null, rules: [rule] }],
    });
    expect(internal(() => renderNftTables([{ ...table, name: "x; flush ruleset" }]))).toBe(true);
    expect(
      internal(() =>
        renderNftTables([withRule({ match: "", verdict: "drop", counter: null, reason: 'a"b' })]),
      ),
    ).toBe(true);
    expect(
      internal(() =>
        renderNftTables([withRule({ match: "", verdict: "drop", counter: null, reason: "" })]),
      ),
    ).toBe(true);
    expect(
      internal(() =>
        renderNftTables([withRule(nftRule("ip daddr 1.2.3.4; flush ruleset", "drop", null, "r"))]),
      ),
    ).toBe(true);
    expect(
      internal(() => renderNftTables([withRule(nftRule("", "drop", "undeclared", "r"))])),
    ).toBe(true);
    expect(
      internal(() =>
        renderNftTables([
          {
            ...table,
            sets: [{ name: "s", type: "ipv4_addr", comment: "c", elements: ["1.2.3.4 }"] }],
          },
        ]),
      ),
    ).toBe(true);
  });
});

describe("fitComment", () => {
  it("cuts long reasons to what nft stores", () => {
    expect(fitComment("short")).toBe("short");
    const long = fitComment(`allowlist entry ${"a".repeat(300)}.example`);
    expect(Buffer.byteLength(long)).toBe(maxCommentBytes);
    expect(long.endsWith("...")).toBe(true);
    expect(Buffer.byteLength(fitComment("é".repeat(100)))).toBeLessThanOrEqual(maxCommentBytes);
  });
});
