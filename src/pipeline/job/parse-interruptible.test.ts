import { describe, expect, it } from "vitest";
import { jobNode, pipelineFailure } from "./job-node.fixture.js";
import { parseInterruptible } from "./parse-interruptible.js";

describe("parseInterruptible", () => {
  it("reads a boolean", () => {
    expect(parseInterruptible(jobNode("interruptible", true))).toBe(true);
    expect(
      pipelineFailure(() => parseInterruptible(jobNode("interruptible", "true"))).message,
    ).toContain("test:interruptible: expected true or false");
  });
});
