import { describe, expect, it } from "vitest";
import { jobNode, pipelineFailure } from "./job-node.fixture.js";
import { parseCoverage } from "./parse-coverage.js";

describe("parseCoverage", () => {
  it("keeps the documented /regex/ text", () => {
    expect(parseCoverage(jobNode("coverage", "/Code coverage: \\d+(?:\\.\\d+)?/"))).toBe(
      "/Code coverage: \\d+(?:\\.\\d+)?/",
    );
  });

  it("requires slashes at both ends", () => {
    expect(
      pipelineFailure(() => parseCoverage(jobNode("coverage", "Code coverage: \\d+"))).message,
    ).toContain("test:coverage: expected a regular expression that starts and ends with /");
    expect(() => parseCoverage(jobNode("coverage", "//"))).toThrow("starts and ends with /");
  });
});
