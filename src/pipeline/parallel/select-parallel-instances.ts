import { expandParallel, matrixJobName } from "./expand-parallel.js";
import { matrixCombinations } from "./matrix-combinations.js";
import type { Parallel, ParallelMatrix } from "./parallel.js";

/**
 * The job names that `needs:` or `dependencies:` naming a parallel job refers to: every
 * instance without a selection; with `needs: [{job, parallel: {matrix}}]` the names GitLab
 * builds from the selection itself (Config::Normalizer#expand_parallelized_needs), in the
 * selection's key order. The caller checks that each name exists, as GitLab does ("job
 * needs 'x' job, but 'x' does not exist in the pipeline").
 */
export function selectParallelInstances(
  jobName: string,
  parallel: Parallel,
  selection?: ParallelMatrix,
): readonly string[] {
  if (selection === undefined) return expandParallel(jobName, parallel).map((job) => job.name);
  return matrixCombinations(selection).map((combination) => matrixJobName(jobName, combination));
}
