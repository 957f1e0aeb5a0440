import type { RawNode } from "../raw/raw-node.js";
import { readString } from "../raw/read-scalar.js";
import type { IfExpression } from "./if-expression.js";
import { parseIfSource } from "./parse-if-source.js";

/**
 * Parses the expression in `node` (a string: `rules:if`, an `only:variables` item). Syntax
 * errors name the column and what was expected, at the node's file, line and key.
 */
export function parseIf(node: RawNode): IfExpression {
  const source = readString(node, 'an expression string like $CI_COMMIT_BRANCH == "main"');
  return parseIfSource(source, (message, fix) => node.fail(message, fix));
}
