import { describeRaw, type RawNode } from "../raw/raw-node.js";

/** One of the listed strings, else fails naming them all. */
export function readOneOf<T extends string>(node: RawNode, values: readonly T[]): T {
  const value = node.value;
  const found = values.find((candidate) => candidate === value);
  if (found === undefined) {
    throw node.fail(`expected one of ${values.join(", ")}, got ${describeRaw(value)}`);
  }
  return found;
}
