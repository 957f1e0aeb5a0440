import { describeRaw, type RawNode } from "../raw/raw-node.js";
import { readInteger } from "../raw/read-scalar.js";
import { parallelLimit, type Parallel } from "./parallel.js";
import { parseMatrixParallel } from "./parse-matrix-parallel.js";

/**
 * A job's `parallel:`: a whole number from 1 to 200 (GitLab's Entry::Product::Parallel,
 * PARALLEL_LIMIT), or `matrix:`.
 */
export function parseParallel(node: RawNode): Parallel {
  if (typeof node.value === "number") {
    return { kind: "count", count: readInteger(node, 1, parallelLimit) };
  }
  if (node.isMap) return { kind: "matrix", matrix: parseMatrixParallel(node) };
  throw node.fail(
    `expected a whole number from 1 to ${parallelLimit} or matrix:, got ${describeRaw(node.value)}`,
  );
}
