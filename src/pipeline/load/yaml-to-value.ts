import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type Document,
  type LineCounter,
  type Node,
  type Scalar,
  type YAMLMap,
  type YAMLSeq,
} from "yaml";
import { pipelineError } from "../pipeline-error.js";
import { formatLocation } from "../source-location.js";
import type { SourceLocation } from "../source-location.js";
import { resolveTaggedScalar } from "./resolve-tagged-scalar.js";
import { resolvePlainScalar } from "./resolve-plain-scalar.js";
import { ReferenceTag } from "./reference-tag.js";
import { isPlainMap, setEntry, type PlainMap } from "./plain-map.js";
import type { SourceMapBuilder } from "./source-map-builder.js";

interface Context {
  readonly file: string;
  readonly doc: Document;
  readonly lines: LineCounter;
  readonly sourceMap: SourceMapBuilder;
  readonly anchored: Map<Node, unknown>;
  readonly active: Set<Node>;
}

type Path = readonly (string | number)[];

/**
 * Converts one parsed YAML document (parsed with the failsafe schema, no merge keys) to plain
 * JS values as GitLab loads them: Psych scalars, `<<` merge keys, aliases (an alias shares
 * the anchored value), `!reference` as ReferenceTag. Records every container's and every
 * key's or item's location. Warns on duplicate keys (the last wins, as in GitLab); throws on unknown tags and
 * recursive aliases.
 */
export function yamlToValue(
  doc: Document,
  file: string,
  lines: LineCounter,
  sourceMap: SourceMapBuilder,
): unknown {
  const context: Context = { file, doc, lines, sourceMap, anchored: new Map(), active: new Set() };
  return convert(doc.contents, context, []);
}

function locate(context: Context, node: Node | null | undefined): SourceLocation | undefined {
  const offset = node?.range?.[0];
  if (offset === undefined) return undefined;
  const { line, col } = context.lines.linePos(offset);
  return { file: context.file, line, column: col };
}

function convert(node: Node | null | undefined, context: Context, path: Path): unknown {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) {
    const target = node.resolve(context.doc);
    if (target === undefined) {
      throw pipelineError(locate(context, node), path.join(":"), `unknown alias *${node.source}`);
    }
    if (context.active.has(target)) {
      throw pipelineError(
        locate(context, node),
        path.join(":"),
        `alias *${node.source} is used inside its own anchor &${node.source}`,
      );
    }
    if (context.anchored.has(target)) return context.anchored.get(target);
    return convert(target, context, path);
  }
  context.active.add(node);
  const value = convertNode(node, context, path);
  context.active.delete(node);
  if (node.anchor !== undefined) context.anchored.set(node, value);
  return value;
}

function convertNode(node: Node, context: Context, path: Path): unknown {
  if (isScalar(node)) return convertScalar(node, context, path);
  if (isSeq(node)) {
    return node.tag === "!reference"
      ? convertReference(node, context, path)
      : convertSeq(node, context, path);
  }
  if (isMap(node)) return convertMap(node, context, path);
  throw pipelineError(locate(context, node), path.join(":"), "unsupported YAML node");
}

function convertScalar(node: Scalar, context: Context, path: Path): unknown {
  const text = typeof node.value === "string" ? node.value : String(node.value);
  if (node.tag === undefined) {
    return node.type === "PLAIN" ? resolvePlainScalar(node.source ?? text) : text;
  }
  const value = resolveTaggedScalar(node.tag, text);
  if (value === undefined) {
    const message =
      node.tag === "!reference"
        ? `!reference needs a list, like !reference [.job, script]; got ${JSON.stringify(text)}`
        : `unsupported YAML tag ${node.tag} on ${JSON.stringify(text)}`;
    throw pipelineError(locate(context, node), path.join(":"), message);
  }
  return value;
}

function convertSeq(node: YAMLSeq, context: Context, path: Path): unknown[] {
  if (node.tag !== undefined && node.tag !== "tag:yaml.org,2002:seq") {
    throw pipelineError(locate(context, node), path.join(":"), `unsupported YAML tag ${node.tag}`);
  }
  const list: unknown[] = [];
  context.sourceMap.setNode(list, locate(context, node));
  node.items.forEach((item, index) => {
    const itemNode = item as Node | null;
    list.push(convert(itemNode, context, [...path, index]));
    context.sourceMap.setKey(list, index, locate(context, itemNode) ?? locate(context, node));
  });
  return list;
}

function convertReference(node: YAMLSeq, context: Context, path: Path): ReferenceTag {
  const parts = node.items.map((item, index) => convert(item as Node, context, [...path, index]));
  const strings = parts.filter((part): part is string => typeof part === "string");
  const location = locate(context, node);
  if (strings.length === 0 || strings.length !== parts.length) {
    throw pipelineError(
      location,
      path.join(":"),
      `!reference ${JSON.stringify(parts)} is not valid; expected a list of keys, like !reference [.job, script]`,
    );
  }
  return new ReferenceTag(strings, location);
}

function convertMap(node: YAMLMap, context: Context, path: Path): PlainMap {
  if (node.tag !== undefined && node.tag !== "tag:yaml.org,2002:map") {
    throw pipelineError(locate(context, node), path.join(":"), `unsupported YAML tag ${node.tag}`);
  }
  const map: PlainMap = {};
  context.sourceMap.setNode(map, locate(context, node));
  const explicit = new Map<string, SourceLocation | undefined>();
  for (const pair of node.items) {
    const keyNode = pair.key as Node | null;
    const valueNode = pair.value as Node | null;
    if (!isScalar(keyNode)) {
      throw pipelineError(
        locate(context, keyNode) ?? locate(context, node),
        path.join(":"),
        "map keys must be plain strings, not lists or maps",
      );
    }
    const key = typeof keyNode.value === "string" ? keyNode.value : String(keyNode.value);
    const keyLocation = locate(context, keyNode);
    if (key === "<<" && keyNode.tag === undefined) {
      if (mergeInto(map, valueNode, context, path)) continue;
    }
    const first = explicit.get(key);
    if (explicit.has(key)) {
      // Psych (GitLab's YAML reader) keeps the last value without a word; so do we, loudly.
      const where = first === undefined ? "" : ` (first defined at line ${String(first.line)})`;
      const at = keyLocation === undefined ? "" : `${formatLocation(keyLocation)}: `;
      context.sourceMap.warnings.push(
        `${at}${[...path, key].join(":")}: duplicate key${where}; the last value wins, as in GitLab`,
      );
    }
    explicit.set(key, keyLocation);
    setEntry(map, key, convert(valueNode, context, [...path, key]));
    context.sourceMap.setKey(map, key, keyLocation);
  }
  return map;
}

/**
 * `<<: *a` or `<<: [*a, *b]` as Psych (Psych::Visitors::ToRuby#revive_hash) does it: any
 * `<<` key not tagged !!str merges; the merged entries overwrite keys already set (so
 * write `<<` first), and in a list earlier maps win over later ones. Returns false when
 * the value is not a map or a list of maps (Psych then keeps `<<` as an ordinary key).
 */
function mergeInto(map: PlainMap, valueNode: Node | null, context: Context, path: Path): boolean {
  const value = convert(valueNode, context, [...path, "<<"]);
  const sources: unknown[] =
    isSeq(valueNode) && Array.isArray(value) ? [...(value as unknown[])].reverse() : [value];
  if (!sources.every(isPlainMap)) return false;
  const merged: PlainMap = {};
  for (const source of sources) {
    for (const key of Object.keys(source)) {
      setEntry(merged, key, source[key]);
      context.sourceMap.copyKey(source, key, merged);
    }
  }
  for (const key of Object.keys(merged)) {
    setEntry(map, key, merged[key]);
    context.sourceMap.copyKey(merged, key, map);
  }
  return true;
}
