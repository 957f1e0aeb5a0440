import { matrixCombinations } from "./matrix-combinations.js";
import type { NamedValue, Parallel, ParallelInstance } from "./parallel.js";

/**
 * The jobs GitLab makes of `jobName` (Config::Normalizer): `parallel: 3` gives `test 1/3`,
 * `test 2/3`, `test 3/3`; a matrix gives one job per combination, named
 * `test: [value, value]` with the values in the entry's key order, unquoted, joined by ", ".
 */
export function expandParallel(jobName: string, parallel: Parallel): readonly ParallelInstance[] {
  if (parallel.kind === "count") {
    const total = parallel.count;
    return Array.from({ length: total }, (_, at) =>
      instance(`${jobName} ${at + 1}/${total}`, at + 1, total, []),
    );
  }
  const combinations = matrixCombinations(parallel.matrix);
  const total = combinations.length;
  return combinations.map((combination, at) =>
    instance(matrixJobName(jobName, combination), at + 1, total, combination),
  );
}

export function matrixJobName(jobName: string, combination: readonly NamedValue[]): string {
  return `${jobName}: [${combination.map((variable) => variable.value).join(", ")}]`;
}

function instance(
  name: string,
  index: number,
  total: number,
  matrixVariables: readonly NamedValue[],
): ParallelInstance {
  const nodeVariables = [
    { name: "CI_NODE_INDEX", value: String(index) },
    { name: "CI_NODE_TOTAL", value: String(total) },
  ];
  return { name, index, total, nodeVariables, matrixVariables };
}
