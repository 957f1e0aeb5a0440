import { RawNode } from "../raw/raw-node.js";
import { applyInputFunction } from "./apply-input-function.js";
import { setEntry, type PlainMap } from "./plain-map.js";
import { ReferenceTag } from "./reference-tag.js";
import type { SourceMapBuilder } from "./source-map-builder.js";

const BLOCK = /\$\[\[\s*(.*?)\s*\]\]/g;
const MAX_FUNCTIONS = 3;

/**
 * Replaces `$[[ inputs.name | function ... ]]` in every string (keys too) of a file's
 * content. A string that is exactly one block takes the input's own type (array, number,
 * boolean); a block inside a longer string is inserted as text. Unknown inputs or
 * functions throw at the string's location. Returns new containers with copied locations.
 */
export function interpolateInputs(
  content: PlainMap,
  inputs: ReadonlyMap<string, unknown>,
  variables: Readonly<Record<string, string>>,
  sourceMap: SourceMapBuilder,
): PlainMap {
  const done = new Map<object, unknown>();
  const walk = (node: RawNode): unknown => {
    const value = node.value;
    if (typeof value === "string") return interpolateString(value, node);
    if (typeof value !== "object" || value === null) return value;
    // Aliases share containers: interpolate each once (and never expand them exponentially).
    if (done.has(value)) return done.get(value);
    const result = walkContainer(node, value);
    done.set(value, result);
    return result;
  };

  const walkContainer = (node: RawNode, value: object): unknown => {
    if (Array.isArray(value)) {
      const list = node.items().map(walk);
      list.forEach((_, index) => {
        sourceMap.copyKey(value, index, list);
      });
      sourceMap.setNode(list, sourceMap.locationOfNode(value));
      return list;
    }
    if (value instanceof ReferenceTag) return value;
    const map: PlainMap = {};
    for (const key of Object.keys(value)) {
      const child = node.child(key);
      const newKey = textOf(interpolateString(key, child));
      setEntry(map, newKey, walk(child));
      sourceMap.copyKey(value, key, map, newKey);
    }
    sourceMap.setNode(map, sourceMap.locationOfNode(value));
    return map;
  };

  const evaluate = (block: string, node: RawNode): unknown => {
    const [access = "", ...calls] = block.split("|").map((part) => part.trim());
    const name = /^inputs\.([\w-]+)$/.exec(access)?.[1];
    if (name === undefined || !inputs.has(name)) {
      throw node.fail(
        `unknown interpolation key "${access}" in $[[ ${block} ]]; expected inputs.<name> of a declared input`,
      );
    }
    if (calls.length > MAX_FUNCTIONS) {
      throw node.fail(`too many functions in $[[ ${block} ]]; GitLab allows ${MAX_FUNCTIONS}`);
    }
    return calls.reduce<unknown>(
      (value, call) => applyInputFunction(call, value, variables, node),
      inputs.get(name),
    );
  };

  const interpolateString = (text: string, node: RawNode): unknown => {
    if (!text.includes("$[[")) return text;
    const whole = /^\$\[\[\s*(.*?)\s*\]\]$/.exec(text);
    if (whole?.[1] !== undefined && !whole[1].includes("]]")) return evaluate(whole[1], node);
    return text.replace(BLOCK, (_, block: string) => textOf(evaluate(block, node)));
  };

  const result = walk(RawNode.root(content, sourceMap));
  return result as PlainMap;
}

function textOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === null || value === undefined) return "";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}
