import { pipelineFailure as failure } from "../raw/pipeline-failure.fixture.js";
import { describe, expect, it } from "vitest";
import { AirlockError } from "../../core/airlock-error.js";
import { RawNode } from "../raw/raw-node.js";
import { emptySourceMap } from "../raw/source-map.js";
import type { Parallel } from "./parallel.js";
import { parseNeedsParallel } from "./parse-needs-parallel.js";
import { parseParallel } from "./parse-parallel.js";

function parallel(value: unknown): RawNode {
  return RawNode.root({ test: { parallel: value } }, emptySourceMap)
    .child("test")
    .child("parallel");
}

describe("parseParallel", () => {
  it("reads a count from 1 to 200 (GitLab's PARALLEL_LIMIT)", () => {
    expect(parseParallel(parallel(5))).toEqual<Parallel>({ kind: "count", count: 5 });
    expect(parseParallel(parallel(1))).toEqual<Parallel>({ kind: "count", count: 1 });
    expect(parseParallel(parallel(200))).toEqual<Parallel>({ kind: "count", count: 200 });
    expect(failure(() => parseParallel(parallel(201))).message).toBe(
      "test:parallel: expected a whole number from 1 to 200, got the number 201",
    );
    expect(() => parseParallel(parallel(0))).toThrow(AirlockError);
    expect(() => parseParallel(parallel(2.5))).toThrow(AirlockError);
  });

  // https://docs.gitlab.com/ci/yaml/#parallelmatrix (the deploystacks example)
  it("reads a matrix of strings and lists of strings in written order", () => {
    const result = parseParallel(
      parallel({
        matrix: [
          { PROVIDER: "aws", STACK: ["monitoring", "app1", "app2"] },
          { PROVIDER: ["gcp", "vultr"], STACK: ["data", "processing"] },
        ],
      }),
    );
    expect(result).toEqual<Parallel>({
      kind: "matrix",
      matrix: [
        [
          { name: "PROVIDER", values: ["aws"] },
          { name: "STACK", values: ["monitoring", "app1", "app2"] },
        ],
        [
          { name: "PROVIDER", values: ["gcp", "vultr"] },
          { name: "STACK", values: ["data", "processing"] },
        ],
      ],
    });
  });

  it("stores whole numbers as text and rejects decimals, which GitLab's validator refuses", () => {
    const result = parseParallel(parallel({ matrix: [{ NODE: [18, 20], OS: "linux" }] }));
    expect(result).toEqual<Parallel>({
      kind: "matrix",
      matrix: [
        [
          { name: "NODE", values: ["18", "20"] },
          { name: "OS", values: ["linux"] },
        ],
      ],
    });
    const error = failure(() => parseParallel(parallel({ matrix: [{ RUBY: [2.7, "3.0"] }] })));
    expect(error.message).toBe(
      "test:parallel:matrix:0:RUBY:0: matrix variable RUBY: expected a string, a whole number or a list of them, got the number 2.7",
    );
    expect(error.fix).toBe(
      "quote the value: GitLab accepts only strings and whole numbers in a matrix",
    );
  });

  it("allows at most 200 jobs from the whole matrix", () => {
    const values = Array.from({ length: 20 }, (_, i) => `v${i}`);
    expect(() =>
      parseParallel(parallel({ matrix: [{ A: values, B: values.slice(0, 10) }] })),
    ).not.toThrow();
    expect(
      failure(() =>
        parseParallel(parallel({ matrix: [{ A: values, B: values.slice(0, 10) }, { C: "x" }] })),
      ).message,
    ).toBe("test:parallel:matrix: generates 201 jobs; the maximum is 200");
  });

  it("rejects bad variable names, empty entries, null values and unknown keys", () => {
    expect(failure(() => parseParallel(parallel({ matrix: [{ "A-B": "x" }] }))).message).toBe(
      'test:parallel:matrix:0:A-B: matrix variable name "A-B" is not allowed: use only letters, digits and _',
    );
    expect(failure(() => parseParallel(parallel({ matrix: [{}] }))).message).toBe(
      "test:parallel:matrix:0: expected at least one variable, got an empty map",
    );
    expect(failure(() => parseParallel(parallel({ matrix: [{ A: null }] }))).message).toContain(
      "got nothing (null)",
    );
    expect(failure(() => parseParallel(parallel({ matrix: [], count: 2 }))).message).toBe(
      "test:parallel: unknown key count; expected only matrix:",
    );
    expect(failure(() => parseParallel(parallel({ matrix: [] }))).message).toBe(
      "test:parallel:matrix: expected a list of maps of variables, got an empty list",
    );
    expect(failure(() => parseParallel(parallel("3"))).message).toBe(
      'test:parallel: expected a whole number from 1 to 200 or matrix:, got the string "3"',
    );
  });
});

describe("parseNeedsParallel", () => {
  it("reads the matrix selection and refuses a count", () => {
    expect(parseNeedsParallel(parallel({ matrix: [{ PROVIDER: "aws", STACK: "app1" }] }))).toEqual([
      [
        { name: "PROVIDER", values: ["aws"] },
        { name: "STACK", values: ["app1"] },
      ],
    ]);
    expect(failure(() => parseNeedsParallel(parallel(3))).message).toBe(
      "test:parallel: expected matrix: (needs can select only parallel: matrix: instances), got the number 3",
    );
  });
});
