import { RawNode, type RawPathPart } from "../raw/raw-node.js";
import { emptySourceMap, type SourceMap } from "../raw/source-map.js";

/** Says every value is at `.gitlab-ci.yml:7:5`, to check that messages carry file and line. */
export const lineSevenSourceMap: SourceMap = {
  locationOf: () => ({ file: ".gitlab-ci.yml", line: 7, column: 5 }),
  locationOfNode: () => ({ file: ".gitlab-ci.yml", line: 7, column: 5 }),
};

/** The node at `path` inside `root` (its key is the path joined with `:`). */
export function nodeAt(
  root: unknown,
  path: readonly RawPathPart[],
  sourceMap: SourceMap = emptySourceMap,
): RawNode {
  return path.reduce((node, part) => node.child(part), RawNode.root(root, sourceMap));
}

/** `test:rules:0:if` holding `source`. */
export function ifNode(source: unknown, sourceMap: SourceMap = emptySourceMap): RawNode {
  return nodeAt({ test: { rules: [{ if: source }] } }, ["test", "rules", 0, "if"], sourceMap);
}

/** `test:rules` holding `rules`. */
export function rulesNode(rules: unknown): RawNode {
  return nodeAt({ test: { rules } }, ["test", "rules"]);
}

export { pipelineFailure } from "../raw/pipeline-failure.fixture.js";
