import { describe, expect, it } from "vitest";
import { jobNode, pipelineFailure } from "./job-node.fixture.js";
import { parseTags } from "./parse-tags.js";

describe("parseTags", () => {
  it("reads a list of tags, case kept", () => {
    expect(parseTags(jobNode("tags", ["ruby", "Postgres"]))).toEqual(["ruby", "Postgres"]);
  });

  it("requires fewer than 50 tags and a list", () => {
    const tags = Array.from({ length: 49 }, (_, i) => `t${i}`);
    expect(parseTags(jobNode("tags", tags))).toHaveLength(49);
    expect(pipelineFailure(() => parseTags(jobNode("tags", [...tags, "t49"]))).message).toBe(
      "test:tags: expected fewer than 50 tags, got 50",
    );
    expect(pipelineFailure(() => parseTags(jobNode("tags", "ruby"))).message).toContain(
      "expected a list of tags",
    );
  });
});
