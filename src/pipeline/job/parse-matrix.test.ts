import { describe, expect, it } from "vitest";
import { jobNode, pipelineFailure } from "./job-node.fixture.js";
import { parseMatrix } from "./parse-matrix.js";

describe("parseMatrix", () => {
  it("reads the documented matrix, values as lists, in file order", () => {
    const matrix = parseMatrix(
      jobNode("matrix", [
        { PROVIDER: "aws", STACK: ["monitoring", "app1", "app2"] },
        { PROVIDER: ["gcp", "vultr"], STACK: ["data", "processing"] },
      ]),
    );
    expect(matrix.map((entry) => [...entry.entries()])).toEqual([
      [
        ["PROVIDER", ["aws"]],
        ["STACK", ["monitoring", "app1", "app2"]],
      ],
      [
        ["PROVIDER", ["gcp", "vultr"]],
        ["STACK", ["data", "processing"]],
      ],
    ]);
  });

  it("allows only letters, digits and _ in identifiers", () => {
    expect(pipelineFailure(() => parseMatrix(jobNode("matrix", [{ "MY-VAR": "x" }]))).message).toBe(
      'test:matrix:0:MY-VAR: expected an identifier of letters, digits and _, got "MY-VAR"',
    );
  });

  it("requires string values", () => {
    expect(
      pipelineFailure(() => parseMatrix(jobNode("matrix", [{ A: { b: 1 } }]))).message,
    ).toContain("test:matrix:0:A: expected a string or a list of strings");
  });
});
