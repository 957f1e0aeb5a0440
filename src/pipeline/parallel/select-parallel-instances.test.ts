import { describe, expect, it } from "vitest";
import type { Parallel } from "./parallel.js";
import { selectParallelInstances } from "./select-parallel-instances.js";

// https://docs.gitlab.com/ci/yaml/#needsparallelmatrix (linux:build / linux:rspec)
const linuxBuild: Parallel = {
  kind: "matrix",
  matrix: [
    [
      { name: "PROVIDER", values: ["aws"] },
      { name: "STACK", values: ["monitoring", "app1", "app2"] },
    ],
  ],
};

describe("selectParallelInstances", () => {
  it("selects the documented linux:build: [aws, app1]", () => {
    const selection = [
      [
        { name: "PROVIDER", values: ["aws"] },
        { name: "STACK", values: ["app1"] },
      ],
    ];
    expect(selectParallelInstances("linux:build", linuxBuild, selection)).toEqual([
      "linux:build: [aws, app1]",
    ]);
  });

  it("selects every instance when needs or dependencies name the job alone", () => {
    expect(selectParallelInstances("linux:build", linuxBuild)).toEqual([
      "linux:build: [aws, monitoring]",
      "linux:build: [aws, app1]",
      "linux:build: [aws, app2]",
    ]);
    expect(selectParallelInstances("test", { kind: "count", count: 2 })).toEqual([
      "test 1/2",
      "test 2/2",
    ]);
  });

  it("builds names from the selection's own key order, as GitLab does", () => {
    const reversed = [
      [
        { name: "STACK", values: ["app1", "app2"] },
        { name: "PROVIDER", values: ["aws"] },
      ],
    ];
    expect(selectParallelInstances("linux:build", linuxBuild, reversed)).toEqual([
      "linux:build: [app1, aws]",
      "linux:build: [app2, aws]",
    ]);
  });
});
