import { describe, expect, it } from "vitest";
import { expandParallel } from "./expand-parallel.js";
import type { ParallelMatrix } from "./parallel.js";

// https://docs.gitlab.com/ci/yaml/#parallelmatrix
const deploystacks: ParallelMatrix = [
  [
    { name: "PROVIDER", values: ["aws"] },
    { name: "STACK", values: ["monitoring", "app1", "app2"] },
  ],
  [
    { name: "PROVIDER", values: ["gcp", "vultr"] },
    { name: "STACK", values: ["data", "processing"] },
  ],
];

describe("expandParallel", () => {
  // https://docs.gitlab.com/ci/yaml/#parallel: "named sequentially from job_name 1/N to job_name N/N"
  it("names count instances job 1/N .. job N/N with CI_NODE_INDEX and CI_NODE_TOTAL", () => {
    const jobs = expandParallel("test", { kind: "count", count: 3 });
    expect(jobs.map((job) => job.name)).toEqual(["test 1/3", "test 2/3", "test 3/3"]);
    expect(jobs[1]).toEqual({
      name: "test 2/3",
      index: 2,
      total: 3,
      nodeVariables: [
        { name: "CI_NODE_INDEX", value: "2" },
        { name: "CI_NODE_TOTAL", value: "3" },
      ],
      matrixVariables: [],
    });
  });

  it("generates the documented seven deploystacks jobs in GitLab's order", () => {
    const jobs = expandParallel("deploystacks", { kind: "matrix", matrix: deploystacks });
    expect(jobs.map((job) => job.name)).toEqual([
      "deploystacks: [aws, monitoring]",
      "deploystacks: [aws, app1]",
      "deploystacks: [aws, app2]",
      "deploystacks: [gcp, data]",
      "deploystacks: [gcp, processing]",
      "deploystacks: [vultr, data]",
      "deploystacks: [vultr, processing]",
    ]);
  });

  it("gives each matrix job its combination and its place among all of them", () => {
    const job = expandParallel("deploystacks", { kind: "matrix", matrix: deploystacks })[4];
    expect(job).toEqual({
      name: "deploystacks: [gcp, processing]",
      index: 5,
      total: 7,
      nodeVariables: [
        { name: "CI_NODE_INDEX", value: "5" },
        { name: "CI_NODE_TOTAL", value: "7" },
      ],
      matrixVariables: [
        { name: "PROVIDER", value: "gcp" },
        { name: "STACK", value: "processing" },
      ],
    });
  });

  it("writes values unquoted, in key order, even when they contain commas or spaces", () => {
    const jobs = expandParallel("test", {
      kind: "matrix",
      matrix: [
        [
          { name: "RUBY", values: ["3.0"] },
          { name: "OPTS", values: ["a, b", "--x y"] },
        ],
      ],
    });
    expect(jobs.map((job) => job.name)).toEqual(["test: [3.0, a, b]", "test: [3.0, --x y]"]);
  });

  it("makes a one-variable matrix one job per value", () => {
    const jobs = expandParallel("lint", {
      kind: "matrix",
      matrix: [[{ name: "LANG", values: ["go", "ts"] }]],
    });
    expect(jobs.map((job) => [job.name, job.total])).toEqual([
      ["lint: [go]", 2],
      ["lint: [ts]", 2],
    ]);
  });
});
