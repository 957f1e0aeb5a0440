import type { NamedValue, ParallelMatrix } from "./parallel.js";

/**
 * Every combination, entry after entry; within an entry the first variable changes slowest
 * and the last fastest (Ruby's `values[0].product(*values[1..])` in GitLab's
 * Config::Normalizer::MatrixStrategy). A variable with an empty list yields no combination.
 */
export function matrixCombinations(matrix: ParallelMatrix): readonly (readonly NamedValue[])[] {
  return matrix.flatMap((entry) =>
    entry.reduce<readonly (readonly NamedValue[])[]>(
      (combinations, variable) =>
        combinations.flatMap((combination) =>
          variable.values.map((value) => [...combination, { name: variable.name, value }]),
        ),
      [[]],
    ),
  );
}
