import { describe, expect, it } from "vitest";
import { jobNode, pipelineFailure } from "./job-node.fixture.js";
import { parseScript } from "./parse-script.js";

describe("parseScript", () => {
  it("reads a single command", () => {
    expect(parseScript(jobNode("script", "bundle exec rspec"))).toEqual(["bundle exec rspec"]);
  });

  it("reads a list and flattens nested lists (anchors, !reference)", () => {
    expect(parseScript(jobNode("script", ["uname -a", ["a", ["b"]], "bundle exec rspec"]))).toEqual(
      ["uname -a", "a", "b", "bundle exec rspec"],
    );
  });

  it("rejects an empty script when required", () => {
    const error = pipelineFailure(() => parseScript(jobNode("script", []), { required: true }));
    expect(error.message).toBe("test:script: expected at least one command, got an empty script");
    expect(() => parseScript(jobNode("script", ""), { required: true })).toThrow("empty script");
  });

  it("accepts an empty after_script", () => {
    expect(parseScript(jobNode("after_script", []))).toEqual([]);
  });

  it("rejects non-string commands with their path", () => {
    const error = pipelineFailure(() => parseScript(jobNode("before_script", ["ok", 3])));
    expect(error.message).toBe(
      "test:before_script:1: expected a command or a list of commands, got the number 3",
    );
  });
});
