import { AirlockError } from "../../core/airlock-error.js";
import { RawNode } from "../raw/raw-node.js";
import { emptySourceMap, type SourceMap } from "../raw/source-map.js";

/** The node of `key` in a job named `test` whose value is `value` (`test:<key>`). */
export function jobNode(key: string, value: unknown): RawNode {
  return RawNode.root({ test: { [key]: value } }, emptySourceMap)
    .child("test")
    .child(key);
}

/** The job `test` itself, for parsers of a whole job map. */
export function jobMap(
  job: Record<string, unknown>,
  sourceMap: SourceMap = emptySourceMap,
): RawNode {
  return RawNode.root({ test: job }, sourceMap).child("test");
}

/** The pipeline error `run` throws; fails the test when it returns or throws another error. */
export function pipelineFailure(run: () => unknown): AirlockError {
  try {
    run();
  } catch (error: unknown) {
    if (error instanceof AirlockError && error.code === "AIRLOCK_E_PIPELINE_INVALID") return error;
    throw error;
  }
  throw new Error("expected AIRLOCK_E_PIPELINE_INVALID, but nothing was thrown");
}
