import type { RawNode } from "../raw/raw-node.js";
import { readStringList } from "../raw/read-scalar.js";

/**
 * `script`, `before_script`, `after_script`: a string or a list of strings, nested lists
 * (YAML anchors, !reference) flattened. `required` (for `script`) rejects an empty result.
 */
export function parseScript(
  node: RawNode,
  options: { readonly required?: boolean } = {},
): readonly string[] {
  const expected = "a command or a list of commands";
  const lines = readStringList(node, expected);
  if (options.required === true && lines.every((line) => line.trim() === "")) {
    throw node.fail("expected at least one command, got an empty script");
  }
  return lines;
}
