import { describe, expect, it } from "vitest";
import { jobNode, pipelineFailure } from "./job-node.fixture.js";
import { parseNeeds } from "./parse-needs.js";

describe("parseNeeds", () => {
  it("reads job names with artifacts true and optional false by default", () => {
    expect(parseNeeds(jobNode("needs", ["linux:build"]))).toEqual([
      { job: "linux:build", artifacts: true, optional: false, matrix: undefined },
    ]);
  });

  it("reads needs: [] as no needs", () => {
    expect(parseNeeds(jobNode("needs", []))).toEqual([]);
  });

  it("reads the map form with artifacts and optional", () => {
    const needs = parseNeeds(
      jobNode("needs", [
        { job: "build_job1", artifacts: true },
        { job: "build_job2", artifacts: false },
        { job: "test-job2", optional: true },
        "build_job3",
      ]),
    );
    expect(needs.map((need) => [need.job, need.artifacts, need.optional])).toEqual([
      ["build_job1", true, false],
      ["build_job2", false, false],
      ["test-job2", true, true],
      ["build_job3", true, false],
    ]);
  });

  it("keeps needs:parallel:matrix in order", () => {
    const [need] = parseNeeds(
      jobNode("needs", [
        {
          job: "linux:build",
          parallel: { matrix: [{ PROVIDER: "aws", STACK: ["app1", "app2"] }] },
        },
      ]),
    );
    const entry = need?.matrix?.[0];
    expect(entry === undefined ? [] : [...entry.entries()]).toEqual([
      ["PROVIDER", ["aws"]],
      ["STACK", ["app1", "app2"]],
    ]);
  });

  it("rejects needs:project offline with a clear message", () => {
    const error = pipelineFailure(() =>
      parseNeeds(
        jobNode("needs", [
          { project: "namespace/group/project-name", job: "build-1", ref: "main", artifacts: true },
        ]),
      ),
    );
    expect(error.message).toContain("test:needs:0: needs:project refers to another pipeline");
    expect(error.message).toContain("offline");
  });

  it("rejects needs:pipeline, in the list and in the map form", () => {
    expect(
      pipelineFailure(() =>
        parseNeeds(jobNode("needs", [{ pipeline: "$PARENT_PIPELINE_ID", job: "a" }])),
      ).message,
    ).toContain("needs:pipeline refers to another pipeline");
    expect(
      pipelineFailure(() => parseNeeds(jobNode("needs", { pipeline: "other/project" }))).message,
    ).toContain("test:needs: needs:pipeline");
  });

  it("limits needs to 50 jobs", () => {
    const fifty = Array.from({ length: 50 }, (_, i) => `job${i}`);
    expect(parseNeeds(jobNode("needs", fifty))).toHaveLength(50);
    expect(
      pipelineFailure(() => parseNeeds(jobNode("needs", [...fifty, "one-more"]))).message,
    ).toBe("test:needs: expected at most 50 needed jobs, got 51");
  });

  it("requires job: in a map and booleans for artifacts", () => {
    expect(
      pipelineFailure(() => parseNeeds(jobNode("needs", [{ artifacts: true }]))).message,
    ).toContain("test:needs:0:job: expected the name of a job");
    expect(
      pipelineFailure(() => parseNeeds(jobNode("needs", [{ job: "a", artifacts: "yes" }]))).message,
    ).toContain("test:needs:0:artifacts: expected true or false");
  });
});
