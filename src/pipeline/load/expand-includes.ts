import { RawNode } from "../raw/raw-node.js";
import { deepMerge, withoutKey } from "./deep-merge.js";
import { expandRulePath } from "../rules/expand-rule-path.js";
import { expandLocalInclude } from "./expand-local-include.js";
import { includeRulesAllow, type EvaluateIncludeRule } from "./include-rules-allow.js";
import { interpolateInputs } from "./interpolate-inputs.js";
import { parseYamlFile } from "./parse-yaml-file.js";
import type { PlainMap } from "./plain-map.js";
import { readIncludeEntries } from "./read-include-entries.js";
import { readInputSpec } from "./read-input-spec.js";
import { resolveInputs } from "./resolve-inputs.js";
import type { SourceMapBuilder } from "./source-map-builder.js";

export interface IncludeContext {
  readonly readFile: (path: string) => string | undefined;
  readonly listFiles: (glob: string) => readonly string[];
  readonly sourceMap: SourceMapBuilder;
  readonly evaluateIncludeRule: EvaluateIncludeRule | undefined;
  readonly variables: Readonly<Record<string, string>>;
  readonly maxIncludes: number;
  /** Files included so far in the whole pipeline (GitLab counts every inclusion). */
  count: number;
}

/**
 * One file with its includes merged, as GitLab's include processing does: the file's inputs
 * are interpolated first, then its includes (each one recursively, in order, later ones
 * winning) are deep-merged, then the file's own keys are merged over them. The `include`
 * key is removed. `inputs` is the including `include:inputs` (a missing node for the entry
 * file); `chain` the files including this one, for cycle errors.
 */
export function expandIncludes(
  file: string,
  text: string,
  inputs: RawNode,
  includedBy: RawNode | undefined,
  chain: readonly string[],
  context: IncludeContext,
): PlainMap {
  const { sourceMap } = context;
  const parsed = parseYamlFile(file, text, sourceMap);
  let content = parsed.content;
  if (parsed.header !== undefined) {
    const specs = readInputSpec(RawNode.root(parsed.header, sourceMap));
    const values = resolveInputs(specs, inputs, includedBy, file);
    content = interpolateInputs(content, values, context.variables, sourceMap);
  } else if (!inputs.isMissing) {
    throw inputs.fail(`${file} takes no inputs: it has no spec:inputs header`);
  }
  let merged: PlainMap = {};
  const includeNode = RawNode.root(content, sourceMap).child("include");
  for (const entry of readIncludeEntries(includeNode)) {
    if (!includeRulesAllow(entry.rules, context.evaluateIncludeRule, context.listFiles)) continue;
    // GitLab expands predefined and pipeline variables in include paths ($CI_COMMIT_REF_NAME...).
    const local = expandRulePath(entry.local, new Map(Object.entries(context.variables)));
    for (const path of expandLocalInclude({ ...entry, local }, context.listFiles)) {
      const cycle = [...chain, file];
      if (cycle.includes(path)) {
        throw entry.node.fail(`include cycle: ${[...cycle, path].join(" includes ")}`);
      }
      context.count += 1;
      if (context.count > context.maxIncludes) {
        throw entry.node.fail(
          `Maximum of ${context.maxIncludes} nested includes are allowed! (GitLab's default limit)`,
        );
      }
      const included = context.readFile(path);
      if (included === undefined) {
        throw entry.node.fail(`local file "${path}" does not exist`);
      }
      const value = expandIncludes(path, included, entry.inputs, entry.node, cycle, context);
      merged = deepMerge(merged, value, sourceMap);
    }
  }
  return deepMerge(merged, withoutKey(content, "include", sourceMap), sourceMap);
}
