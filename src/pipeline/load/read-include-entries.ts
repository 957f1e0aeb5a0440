import { describeRaw, type RawNode } from "../raw/raw-node.js";
import { readString } from "../raw/read-scalar.js";
import type { IncludeEntry } from "./include-entry.js";
import { ReferenceTag } from "./reference-tag.js";

const OFFLINE_KINDS = ["remote", "project", "template", "component"] as const;
const LOCAL_KEYS = new Set(["local", "inputs", "rules"]);
const VENDOR_FIX =
  "vendor the file into this repository and use include: { local: path/to/file.yml }";

/**
 * The items of an `include:` value (a string, a map, or a list of strings and maps), each
 * turned into a local include. `remote`, `project`, `template`, `component` and URL strings
 * throw: airlock runs offline.
 */
export function readIncludeEntries(include: RawNode): readonly IncludeEntry[] {
  if (include.isMissing || include.value === null) return [];
  if (include.isList) return include.items().map(readEntry);
  return [readEntry(include)];
}

function readEntry(node: RawNode): IncludeEntry {
  const value = node.value;
  if (value instanceof ReferenceTag) {
    throw node.fail(
      `${value.text} cannot be used in include: GitLab resolves !reference after includes`,
    );
  }
  if (typeof value === "string") {
    if (/^https?:\/\//i.test(value)) {
      throw node.fail(
        `"${value}" is a remote include; airlock runs offline and cannot fetch it`,
        VENDOR_FIX,
      );
    }
    return { node, local: value, inputs: node.child("inputs"), rules: node.child("rules") };
  }
  if (!node.isMap) {
    throw node.fail(`expected a file path or a map with local:, got ${describeRaw(value)}`);
  }
  for (const kind of OFFLINE_KINDS) {
    const child = node.child(kind);
    if (!child.isMissing) {
      const name = typeof child.value === "string" ? ` "${child.value}"` : "";
      throw child.fail(
        `include:${kind}${name} needs GitLab; airlock runs offline and only supports include:local`,
        VENDOR_FIX,
      );
    }
  }
  for (const key of node.keys()) {
    if (!LOCAL_KEYS.has(key)) {
      throw node.child(key).fail(`unknown include key; expected local, inputs or rules`);
    }
  }
  const local = node.child("local");
  if (local.isMissing)
    throw node.fail("expected local: with the path of a file in this repository");
  return {
    node,
    local: readString(local, "a file path"),
    inputs: node.child("inputs"),
    rules: node.child("rules"),
  };
}
