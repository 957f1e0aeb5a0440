import { describeRaw, RawNode } from "../raw/raw-node.js";
import { deepMerge, withoutKey } from "./deep-merge.js";
import { hasEntry, isPlainMap, setEntry, type PlainMap } from "./plain-map.js";
import { ReferenceTag } from "./reference-tag.js";
import type { SourceMapBuilder } from "./source-map-builder.js";

/** GitLab counts the ancestors of an entry: more than 10 above it is "nesting too deep". */
const MAX_ANCESTORS = 10;

/**
 * Resolves `extends` in every top-level map (jobs and hidden `.jobs`) as GitLab does, after
 * includes and before !reference: the parents (a name or a list), each fully extended, are
 * deep-merged in order (later parents win), then the entry's own keys over them; `extends`
 * is removed. Copied values keep their parents' locations. Unknown or non-map parents,
 * cycles and more than 11 levels throw.
 */
export function applyExtends(root: PlainMap, sourceMap: SourceMapBuilder): PlainMap {
  const rootNode = RawNode.root(root, sourceMap);
  /** Each extended entry, with the number of extending levels at and above it. */
  const done = new Map<string, { readonly result: PlainMap; readonly height: number }>();

  const extend = (
    name: string,
    ancestors: readonly string[],
  ): { result: PlainMap; height: number } => {
    const value = root[name];
    if (!isPlainMap(value)) throw rootNode.child(name).fail("expected a map");
    if (!hasEntry(value, "extends")) return { result: value, height: 0 };
    const node = rootNode.child(name).child("extends");
    const known = done.get(name);
    if (known !== undefined) {
      // GitLab re-walks every chain from each entry: the limit applies to the whole chain.
      if (ancestors.length + known.height - 1 > MAX_ANCESTORS)
        throw tooDeep(node, [...ancestors, name]);
      return known;
    }
    const parents = readParents(node);
    for (const parent of parents) {
      if (!hasEntry(root, parent)) {
        throw node.fail(`unknown job or template "${parent}" in extends`);
      }
      if (!isPlainMap(root[parent])) {
        throw node.fail(
          `"${parent}" cannot be extended: it is ${describeRaw(root[parent])}, not a map`,
        );
      }
    }
    if (ancestors.length > MAX_ANCESTORS) throw tooDeep(node, [...ancestors, name]);
    if (ancestors.includes(name)) {
      throw node.fail(`circular dependency in extends: ${[...ancestors, name].join(" > ")}`);
    }
    let merged: PlainMap = {};
    let height = 0;
    for (const parent of parents) {
      const base = extend(parent, [...ancestors, name]);
      merged = deepMerge(merged, base.result, sourceMap);
      height = Math.max(height, base.height);
    }
    const result = withoutKey(deepMerge(merged, value, sourceMap), "extends", sourceMap);
    done.set(name, { result, height: height + 1 });
    return { result, height: height + 1 };
  };

  const extended: PlainMap = {};
  for (const key of Object.keys(root)) {
    const value = root[key];
    setEntry(
      extended,
      key,
      isPlainMap(value) && hasEntry(value, "extends") ? extend(key, []).result : value,
    );
    sourceMap.copyKey(root, key, extended);
  }
  sourceMap.setNode(extended, sourceMap.locationOfNode(root));
  return extended;
}

function tooDeep(node: RawNode, chain: readonly string[]): Error {
  return node.fail(`nesting too deep in extends (${chain.join(" > ")}); GitLab allows 11 levels`);
}

function readParents(node: RawNode): readonly string[] {
  const expected = "a job name or a list of job names";
  const value = node.value;
  if (typeof value === "string") return [value];
  if (value instanceof ReferenceTag) {
    throw node.fail(
      `${value.text} cannot be used in extends: GitLab resolves !reference after extends`,
    );
  }
  if (!Array.isArray(value) || !value.every((item): item is string => typeof item === "string")) {
    throw node.fail(`expected ${expected}, got ${describeRaw(value)}`);
  }
  return value;
}
