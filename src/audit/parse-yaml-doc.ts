import { isMap, isNode, isPair, isScalar, LineCounter, parseDocument, type Node } from "yaml";
import { auditParseError } from "./audit-parse-error.js";
import type { ConfigDoc, DocPath } from "../config/config-doc.js";

/**
 * Parses YAML (and JSON, which the same parser reads with positions) into a value tree
 * whose paths map back to lines. `what` names the format in errors.
 */
export function parseYamlDoc(text: string, file: string, what = "YAML"): ConfigDoc {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const error = doc.errors[0];
  if (error !== undefined) {
    const position = lineCounter.linePos(error.pos[0]);
    throw auditParseError(file, what, error.message.split("\n")[0] ?? error.code, {
      line: position.line,
      column: position.col,
    });
  }
  const lines = text.split("\n");
  const lineOf = (path: DocPath): number | undefined => {
    for (let length = path.length; length >= 0; length--) {
      const node = nodeAt(doc.contents, path.slice(0, length));
      if (node?.range !== undefined && node.range !== null) {
        return lineCounter.linePos(node.range[0]).line;
      }
    }
    return undefined;
  };
  return {
    root: doc.toJS({ maxAliasCount: 100 }) as unknown,
    lineOf,
    lineOfText(path, needle) {
      const start = lineOf(path);
      if (start === undefined) return undefined;
      for (let line = start; line <= lines.length; line++) {
        if (lines[line - 1]?.includes(needle) === true) return line;
      }
      return start;
    },
  };
}

/** The node of a map key (for its line) or of an array element. */
function nodeAt(root: unknown, path: DocPath): Node | undefined {
  let current: unknown = root;
  let found: Node | undefined = isNode(root) ? root : undefined;
  for (const part of path) {
    if (isMap(current)) {
      const pair = current.items.find(
        (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(part),
      );
      if (pair === undefined) return undefined;
      found = isNode(pair.key) ? pair.key : undefined;
      current = pair.value;
    } else if (isNode(current) && "items" in current && typeof part === "number") {
      const items = (current as { readonly items: readonly unknown[] }).items;
      const item = items[part];
      found = isNode(item) ? item : found;
      current = item;
    } else {
      return undefined;
    }
  }
  return found;
}
