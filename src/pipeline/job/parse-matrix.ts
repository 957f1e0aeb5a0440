import type { RawNode } from "../raw/raw-node.js";
import { readString } from "../raw/read-scalar.js";

/** One `parallel:matrix` item: identifier -> its values, in file order (the order matters). */
export type MatrixEntry = ReadonlyMap<string, readonly string[]>;

const identifier = /^[A-Za-z0-9_]+$/;

/**
 * A `matrix` list (as in `needs:parallel:matrix`): maps whose identifiers use letters,
 * digits and `_`, each value a string or a list of strings.
 */
export function parseMatrix(node: RawNode): readonly MatrixEntry[] {
  const entries = node.items("a list of maps of matrix identifiers to values").map((item) => {
    const keys = item.keys("a map of matrix identifiers to values");
    if (keys.length === 0)
      throw item.fail("expected at least one matrix identifier, got an empty map");
    return new Map(keys.map((key) => [key, readMatrixValues(item.child(key), key)] as const));
  });
  if (entries.length === 0)
    throw node.fail("expected at least one matrix entry, got an empty list");
  return entries;
}

function readMatrixValues(node: RawNode, key: string): readonly string[] {
  if (!identifier.test(key)) {
    throw node.fail(`expected an identifier of letters, digits and _, got ${JSON.stringify(key)}`);
  }
  const expected = "a string or a list of strings";
  if (!node.isList) return [readString(node, expected)];
  const values = node.items(expected).map((item) => readString(item, expected));
  if (values.length === 0) throw node.fail("expected at least one value, got an empty list");
  return values;
}
