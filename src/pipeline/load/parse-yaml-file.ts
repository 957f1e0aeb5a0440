import { LineCounter, parseAllDocuments } from "yaml";
import { pipelineError } from "../pipeline-error.js";
import { isPlainMap, type PlainMap } from "./plain-map.js";
import type { SourceMapBuilder } from "./source-map-builder.js";
import { yamlToValue } from "./yaml-to-value.js";

export interface ParsedFile {
  /** The `spec:` header document, when the file has one (`spec: ...` then `---`). */
  readonly header: PlainMap | undefined;
  /** The configuration document (an empty map when there is none after the header). */
  readonly content: PlainMap;
}

/**
 * Parses one CI file as GitLab does: at most two YAML documents, the first one a `spec:`
 * header when there are two; the configuration must be a map. Syntax errors, duplicate
 * keys and bad tags are thrown with file:line:column.
 */
export function parseYamlFile(file: string, text: string, sourceMap: SourceMapBuilder): ParsedFile {
  const lines = new LineCounter();
  const parsed = parseAllDocuments(text, {
    lineCounter: lines,
    schema: "failsafe",
    merge: false,
    uniqueKeys: false,
    prettyErrors: false,
  });
  const documents = Array.isArray(parsed) ? parsed : [];
  const at = (offset: number) => {
    const { line, col } = lines.linePos(offset);
    return { file, line, column: col };
  };
  for (const document of documents) {
    const error = document.errors[0];
    if (error !== undefined) {
      throw pipelineError(at(error.pos[0]), "", `YAML syntax error: ${error.message}`);
    }
  }
  if (documents.length > 2) {
    throw pipelineError(
      at(documents[2]?.range[0] ?? 0),
      "",
      `expected at most 2 YAML documents (a spec: header, ---, then the configuration), found ${documents.length}`,
    );
  }
  const values = documents.map((document) => yamlToValue(document, file, lines, sourceMap));
  if (values.length < 2) return { header: undefined, content: asContent(values[0], file) };
  const header = values[0];
  if (!isPlainMap(header) || !Object.prototype.hasOwnProperty.call(header, "spec")) {
    throw pipelineError(
      at(documents[0]?.range[0] ?? 0),
      "",
      "the document before --- must be a spec: header (GitLab allows two documents only for spec:inputs)",
    );
  }
  return { header, content: asContent(values[1], file) };
}

function asContent(value: unknown, file: string): PlainMap {
  if (value === null || value === undefined) return {};
  if (isPlainMap(value)) return value;
  throw pipelineError(
    { file, line: 1, column: 1 },
    "",
    "expected a map of keys (jobs and global keywords) at the top level",
  );
}
