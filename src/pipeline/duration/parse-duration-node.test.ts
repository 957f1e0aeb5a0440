import { pipelineFailure as failure } from "../raw/pipeline-failure.fixture.js";
import { describe, expect, it } from "vitest";
import { AirlockError } from "../../core/airlock-error.js";
import { RawNode } from "../raw/raw-node.js";
import { emptySourceMap } from "../raw/source-map.js";
import { parseDurationNode, startInLimit, timeoutLimit } from "./parse-duration-node.js";

function node(value: unknown): RawNode {
  return RawNode.root({ test: { timeout: value } }, emptySourceMap)
    .child("test")
    .child("timeout");
}

describe("parseDurationNode", () => {
  it("returns milliseconds", () => {
    expect(parseDurationNode(node("3h 30m"))).toBe(12_600_000);
  });

  it("rejects a YAML number: GitLab's duration validator requires a string", () => {
    const error = failure(() => parseDurationNode(node(60)));
    expect(error.message).toBe(
      'test:timeout: expected a duration such as "30 minutes", "1h 30m", "3 hours 30 minutes" or "2h20min", got the number 60',
    );
    expect(error.fix).toBe('write it as text with a unit: "60 seconds"');
  });

  it("names the word it does not know", () => {
    expect(failure(() => parseDurationNode(node("2 fortnights"))).message).toContain(
      '"fortnights" is not a number or a unit',
    );
  });

  it("rejects a zero duration", () => {
    expect(failure(() => parseDurationNode(node("0s"))).message).toBe(
      'test:timeout: expected a duration longer than zero, got "0s"',
    );
  });

  it("accepts never, in any case, only where allowed (artifacts:expire_in)", () => {
    expect(parseDurationNode(node("Never"), { allowNever: true })).toBe(Infinity);
    expect(() => parseDurationNode(node("never"))).toThrow(AirlockError);
  });

  it("keeps start_in under one week, strictly, as GitLab's limit check does", () => {
    expect(parseDurationNode(node("6 days"), { below: startInLimit })).toBe(6 * 86_400_000);
    expect(failure(() => parseDurationNode(node("1 week"), { below: startInLimit })).message).toBe(
      'test:timeout: "1 week" is too long: it must be less than 1 week',
    );
  });

  it("keeps timeout under GitLab's one-month maximum build timeout", () => {
    expect(parseDurationNode(node("1 month"), { below: timeoutLimit })).toBe(30 * 86_400_000);
    expect(failure(() => parseDurationNode(node("31 days"), { below: timeoutLimit })).message).toBe(
      'test:timeout: "31 days" is too long: it must be less than 1 mo 10 hrs 29 mins 6 secs',
    );
  });
});
