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

export { pipelineFailure } from "../raw/pipeline-failure.fixture.js";
