import { parse, TomlError } from "smol-toml";
import type { ConfigDoc, DocPath } from "./config-doc.js";

/** Where a TOML syntax error is, 1-based. */
export interface TomlPosition {
  readonly line: number;
  readonly column: number;
}

interface KeySpan {
  readonly start: number;
  end: number;
}

/**
 * Parses TOML with smol-toml (precise errors) and indexes the line of every table header,
 * key and multi-line array, so findings and errors can point at the line a person edits.
 * A syntax error is thrown as `syntaxError(detail, position)` makes it.
 */
export function parseTomlDoc(
  text: string,
  syntaxError: (detail: string, position: TomlPosition) => Error,
): ConfigDoc {
  let root: unknown;
  try {
    root = parse(text);
  } catch (error: unknown) {
    if (error instanceof TomlError) {
      const detail = error.message.split("\n")[0]?.replace(/^Invalid TOML document: /, "") ?? "";
      throw syntaxError(detail, { line: error.line, column: error.column });
    }
    throw error;
  }
  const spans = indexTomlLines(text);
  const lines = text.split("\n");
  const lineOf = (path: DocPath): number | undefined => {
    for (let length = path.length; length > 0; length--) {
      const span = spans.get(key(path.slice(0, length)));
      if (span !== undefined) return span.start;
    }
    return undefined;
  };
  return {
    root,
    lineOf,
    lineOfText(path, needle) {
      for (let length = path.length; length > 0; length--) {
        const span = spans.get(key(path.slice(0, length)));
        if (span === undefined) continue;
        for (let line = span.start; line <= span.end; line++) {
          if (lines[line - 1]?.includes(needle) === true) return line;
        }
        return span.start;
      }
      return undefined;
    },
  };
}

function key(path: DocPath): string {
  return path.join("\u0000");
}

function splitDotted(name: string): string[] {
  const parts: string[] = [];
  for (const match of name.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|([^.\s]+)/g)) {
    parts.push(match[1] ?? match[2] ?? match[3] ?? "");
  }
  return parts;
}

/** Removes strings and comments so brackets can be counted. */
function codeOnly(line: string): string {
  return line
    .replace(/"(?:[^"\\]|\\.)*"|'[^']*'/g, '""')
    .replace(/#.*$/, "")
    .trim();
}

function indexTomlLines(text: string): Map<string, KeySpan> {
  const spans = new Map<string, KeySpan>();
  const arrayCounts = new Map<string, number>();
  let table: DocPath = [];
  let open: KeySpan | undefined;
  let depth = 0;
  let inMultiline: string | undefined;

  const resolve = (parts: readonly string[], arrayTable: boolean): DocPath => {
    const path: (string | number)[] = [];
    parts.forEach((part, index) => {
      path.push(part);
      const last = index === parts.length - 1;
      const count = arrayCounts.get(key(path));
      if (last && arrayTable) {
        const next = count ?? 0;
        arrayCounts.set(key(path), next + 1);
        path.push(next);
      } else if (count !== undefined) {
        path.push(count - 1);
      }
    });
    return path;
  };

  text.split("\n").forEach((raw, index) => {
    const line = index + 1;
    if (inMultiline !== undefined) {
      if (raw.includes(inMultiline)) inMultiline = undefined;
      if (open !== undefined) open.end = line;
      return;
    }
    if (depth > 0 && open !== undefined) {
      open.end = line;
      const code = codeOnly(raw);
      depth += count(code, "[") + count(code, "{") - count(code, "]") - count(code, "}");
      if (depth <= 0) {
        depth = 0;
        open = undefined;
      }
      return;
    }
    const header = /^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$/.exec(raw);
    if (header !== null) {
      table = resolve(splitDotted(header[2] ?? ""), header[1] === "[[");
      spans.set(key(table), { start: line, end: line });
      open = undefined;
      return;
    }
    const assignment =
      /^\s*((?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*'))*)\s*=(.*)$/.exec(
        raw,
      );
    if (assignment === null) return;
    const path = [...table, ...splitDotted(assignment[1] ?? "")];
    const span: KeySpan = { start: line, end: line };
    spans.set(key(path), span);
    const value = assignment[2] ?? "";
    const triple = /("""|''')/.exec(value);
    if (triple !== null && count(value, triple[1] ?? "") === 1) {
      inMultiline = triple[1];
      open = span;
      return;
    }
    const code = codeOnly(value);
    const balance = count(code, "[") + count(code, "{") - count(code, "]") - count(code, "}");
    if (balance > 0) {
      depth = balance;
      open = span;
    }
  });
  return spans;
}

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}
