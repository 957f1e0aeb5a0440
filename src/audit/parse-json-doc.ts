import { auditParseError } from "./audit-parse-error.js";
import type { ConfigDoc } from "../config/config-doc.js";
import { findJsonError } from "./find-json-error.js";
import { parseYamlDoc } from "./parse-yaml-doc.js";

/**
 * Parses strict JSON (as dockerd does) and reports errors with line and column; positions
 * of keys come from the YAML parser, which reads JSON too.
 */
export function parseJsonDoc(text: string, file: string): ConfigDoc {
  const error = findJsonError(text);
  if (error !== undefined) {
    throw auditParseError(file, "JSON", error.message, lineAndColumn(text, error.offset));
  }
  return parseYamlDoc(text, file, "JSON");
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  return { line, column };
}
