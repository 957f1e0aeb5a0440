import { pipelineError } from "../pipeline-error.js";
import type { RawNode } from "../raw/raw-node.js";
import { readBoolean, readString } from "../raw/read-scalar.js";
import { checkKeys } from "./check-keys.js";
import { parseMatrix, type MatrixEntry } from "./parse-matrix.js";
import { readOptional } from "./read-optional.js";

export interface Need {
  readonly job: string;
  /** Download the needed job's artifacts (default true). */
  readonly artifacts: boolean;
  /** The job may be absent from the pipeline (default false). */
  readonly optional: boolean;
  /** `parallel:matrix`: only these instances of a parallel:matrix job. */
  readonly matrix: readonly MatrixEntry[] | undefined;
}

/** GitLab's default limit on entries in one job's `needs`. */
export const maxNeeds = 50;

const needKeys = [
  "job",
  "artifacts",
  "optional",
  "parallel",
  "pipeline",
  "project",
  "ref",
] as const;

/**
 * `needs`: a list of job names or `{job, artifacts, optional, parallel: {matrix}}` maps;
 * `[]` (start at once) gives an empty list. `needs:pipeline` and `needs:project` reach
 * other pipelines, which cannot exist offline, and fail.
 */
export function parseNeeds(node: RawNode): readonly Need[] {
  if (node.isMap)
    throw crossPipeline(node, node.child("project").isMissing ? "pipeline" : "project");
  const items = node.items("a list of job names or maps with job:");
  if (items.length > maxNeeds) {
    throw node.fail(`expected at most ${maxNeeds} needed jobs, got ${items.length}`);
  }
  return items.map(parseNeed);
}

function parseNeed(node: RawNode): Need {
  if (!node.isMap) {
    const job = readString(node, "a job name or a map with job:");
    return { job, artifacts: true, optional: false, matrix: undefined };
  }
  checkKeys(node, needKeys, "a needs item");
  for (const key of ["project", "pipeline"] as const) {
    if (!node.child(key).isMissing) throw crossPipeline(node, key);
  }
  if (!node.child("ref").isMissing)
    throw node.child("ref").fail("ref: is only valid with needs:project");
  const parallel = node.child("parallel");
  if (!parallel.isMissing) checkKeys(parallel, ["matrix"], "needs:parallel");
  return {
    job: readString(node.child("job"), "the name of a job (job: is required)"),
    artifacts: readOptional(node.child("artifacts"), readBoolean, true),
    optional: readOptional(node.child("optional"), readBoolean, false),
    matrix: parallel.isMissing ? undefined : parseMatrix(parallel.child("matrix")),
  };
}

function crossPipeline(node: RawNode, key: "project" | "pipeline") {
  return pipelineError(
    node.child(key).location,
    node.key,
    `needs:${key} refers to another pipeline, which airlock cannot reach offline; expected job names or maps with job:`,
    "Remove the entry, or download those artifacts in the script.",
  );
}
