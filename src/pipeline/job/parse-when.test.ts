import { describe, expect, it } from "vitest";
import { RawNode } from "../raw/raw-node.js";
import { emptySourceMap } from "../raw/source-map.js";
import { pipelineFailure } from "./job-node.fixture.js";
import { parseWhen } from "./parse-when.js";

function when(job: Record<string, unknown>, inRules = false) {
  const node = RawNode.root({ test: job }, emptySourceMap).child("test");
  return parseWhen(node.child("when"), node.child("start_in"), { inRules });
}

describe("parseWhen", () => {
  it("defaults to on_success", () => {
    expect(when({})).toEqual({ when: "on_success" });
  });

  it("reads the job-level values", () => {
    for (const value of ["on_success", "on_failure", "always", "manual"]) {
      expect(when({ when: value })).toEqual({ when: value });
    }
  });

  it("refuses a start_in that is not a duration or not under one week", () => {
    expect(() => when({ when: "delayed", start_in: "soon" })).toThrow(/expected a duration/);
    expect(() => when({ when: "delayed", start_in: "2 weeks" })).toThrow(/less than 1 week/);
    expect(() => when({ when: "delayed", start_in: "1 week" })).toThrow(/less than 1 week/);
    expect(when({ when: "delayed", start_in: "6 days" })).toEqual({
      when: "delayed",
      startIn: "6 days",
    });
  });

  it("reads delayed with its start_in text", () => {
    expect(when({ when: "delayed", start_in: "30 minutes" })).toEqual({
      when: "delayed",
      startIn: "30 minutes",
    });
    expect(when({ when: "delayed", start_in: 5 })).toEqual({ when: "delayed", startIn: "5" });
  });

  it("needs start_in with delayed and refuses it otherwise", () => {
    expect(pipelineFailure(() => when({ when: "delayed" })).message).toContain(
      "test:when: when: delayed needs start_in:",
    );
    expect(pipelineFailure(() => when({ when: "manual", start_in: "1 hour" })).message).toBe(
      "test:start_in: start_in: is only valid with when: delayed, got when: manual",
    );
    expect(pipelineFailure(() => when({ start_in: "1 hour" })).message).toContain(
      "got when: on_success",
    );
  });

  it("allows never only in rules", () => {
    expect(pipelineFailure(() => when({ when: "never" })).message).toContain("only valid in rules");
    expect(when({ when: "never" }, true)).toEqual({ when: "never" });
  });

  it("refuses unknown values", () => {
    expect(pipelineFailure(() => when({ when: "sometimes" })).message).toBe(
      'test:when: expected one of on_success, on_failure, always, manual, delayed, got the string "sometimes"',
    );
  });
});
