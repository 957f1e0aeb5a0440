import { describeRaw, type RawNode } from "../raw/raw-node.js";
import { isVariableName } from "../variables/variable-name.js";
import { parallelLimit, type MatrixEntry, type ParallelMatrix } from "./parallel.js";

/**
 * A `parallel:` map, `{matrix: [...]}` (GitLab's Entry::Product::Matrix): a non-empty list of
 * maps; names of letters, digits and `_`; each value a string, a whole number or a list of
 * them (GitLab accepts no decimals, booleans or nulls here); at most 200 jobs in all.
 */
export function parseMatrixParallel(node: RawNode): ParallelMatrix {
  const unknown = node.keys().filter((key) => key !== "matrix");
  if (unknown.length > 0) {
    throw node.fail(`unknown key ${unknown.join(", ")}; expected only matrix:`);
  }
  const matrixNode = node.child("matrix");
  if (matrixNode.isMissing) throw node.fail("expected matrix:, got a map without it");
  const expected = "a list of maps of variables";
  const entries = matrixNode.items(expected).map(parseEntry);
  if (entries.length === 0) throw matrixNode.fail(`expected ${expected}, got an empty list`);
  const jobs = entries.reduce(
    (sum, entry) => sum + entry.reduce((product, variable) => product * variable.values.length, 1),
    0,
  );
  if (jobs > parallelLimit) {
    throw matrixNode.fail(`generates ${jobs} jobs; the maximum is ${parallelLimit}`);
  }
  return entries;
}

function parseEntry(node: RawNode): MatrixEntry {
  const names = node.keys("a map of variable names to values");
  if (names.length === 0) throw node.fail("expected at least one variable, got an empty map");
  return names.map((name) => {
    const child = node.child(name);
    if (!isVariableName(name)) {
      throw child.fail(
        `matrix variable name ${JSON.stringify(name)} is not allowed: use only letters, digits and _`,
      );
    }
    const values = child.isList
      ? child.items().map((item) => matrixValue(item, name))
      : [matrixValue(child, name)];
    return { name, values };
  });
}

function matrixValue(node: RawNode, name: string): string {
  const value = node.value;
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
  const fix =
    typeof value === "number" || typeof value === "boolean"
      ? "quote the value: GitLab accepts only strings and whole numbers in a matrix"
      : undefined;
  throw node.fail(
    `matrix variable ${name}: expected a string, a whole number or a list of them, got ${describeRaw(value)}`,
    fix,
  );
}
