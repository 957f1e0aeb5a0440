import { describe, expect, it } from "vitest";
import { jobNode, pipelineFailure } from "./job-node.fixture.js";
import { parseDependencies } from "./parse-dependencies.js";

describe("parseDependencies", () => {
  it("reads job names and []", () => {
    expect(parseDependencies(jobNode("dependencies", ["build osx"]))).toEqual(["build osx"]);
    expect(parseDependencies(jobNode("dependencies", []))).toEqual([]);
  });

  it("requires a list", () => {
    expect(
      pipelineFailure(() => parseDependencies(jobNode("dependencies", "build"))).message,
    ).toContain("test:dependencies: expected a list of job names");
  });
});
