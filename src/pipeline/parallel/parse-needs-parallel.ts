import { describeRaw, type RawNode } from "../raw/raw-node.js";
import type { ParallelMatrix } from "./parallel.js";
import { parseMatrixParallel } from "./parse-matrix-parallel.js";

/**
 * `needs: [{job, parallel: {matrix: [...]}}]`: which matrix instances to need. GitLab allows
 * only the matrix form there (Entry::Need, `allowed_strategies: [:matrix]`).
 */
export function parseNeedsParallel(node: RawNode): ParallelMatrix {
  if (node.isMap) return parseMatrixParallel(node);
  throw node.fail(
    `expected matrix: (needs can select only parallel: matrix: instances), got ${describeRaw(node.value)}`,
  );
}
