import { describeRaw, type RawNode } from "./raw-node.js";

/** A string; numbers and booleans are not strings here (GitLab quotes them in variables). */
export function readString(node: RawNode, expected = "a string"): string {
  if (typeof node.value !== "string") {
    throw node.fail(`expected ${expected}, got ${describeRaw(node.value)}`);
  }
  return node.value;
}

export function readOptionalString(node: RawNode, expected = "a string"): string | undefined {
  return node.isMissing ? undefined : readString(node, expected);
}

export function readBoolean(node: RawNode): boolean {
  if (typeof node.value !== "boolean") {
    throw node.fail(`expected true or false, got ${describeRaw(node.value)}`);
  }
  return node.value;
}

export function readInteger(node: RawNode, min: number, max: number): number {
  const value = node.value;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw node.fail(`expected a whole number from ${min} to ${max}, got ${describeRaw(value)}`);
  }
  return value;
}

/** A string or a list of strings (nested lists flattened, as GitLab does for scripts). */
export function readStringList(
  node: RawNode,
  expected = "a string or a list of strings",
): readonly string[] {
  if (typeof node.value === "string") return [node.value];
  if (!node.isList) throw node.fail(`expected ${expected}, got ${describeRaw(node.value)}`);
  return node
    .items(expected)
    .flatMap((item) =>
      item.isList ? readStringList(item, expected) : [readString(item, expected)],
    );
}
