import { pipelineError } from "../pipeline-error.js";
import type { SourceMap } from "../raw/source-map.js";
import { applyExtends } from "./apply-extends.js";
import { expandIncludes } from "./expand-includes.js";
import type { EvaluateIncludeRule } from "./include-rules-allow.js";
import { RawNode } from "../raw/raw-node.js";
import { resolveReferences } from "./resolve-references.js";
import { SourceMapBuilder } from "./source-map-builder.js";

export interface LoadedPipeline {
  readonly value: Readonly<Record<string, unknown>>;
  readonly sourceMap: SourceMap;
  /** What GitLab accepts but is most likely a mistake, with file:line (see SourceMapBuilder). */
  readonly warnings: readonly string[];
}

export interface LoadOptions {
  /** Decides `include:rules:if`; given the rule map. Without it, such rules throw. */
  readonly evaluateIncludeRule?: EvaluateIncludeRule;
  /** Variables for the `expand_vars` input function (those GitLab allows in include). */
  readonly variables?: Readonly<Record<string, string>>;
  /** GitLab's `ci_max_includes` (default 150). */
  readonly maxIncludes?: number;
}

/** GitLab's default for the number of included files in one pipeline. */
export const DEFAULT_MAX_INCLUDES = 150;

/**
 * Loads the pipeline's entry file (`.gitlab-ci.yml`, relative to the project root) as
 * GitLab builds its configuration: YAML (Psych scalars, anchors, merge keys), then local
 * includes with inputs, then `extends`, then `!reference`. `readFile` returns undefined for
 * a missing file; `listFiles` expands a glob (`*` within a folder, `**` across folders)
 * to existing project files, and returns `[path]` for an existing plain path. Every user
 * error is an AirlockError naming file:line:column.
 */
export function loadPipeline(
  entry: string,
  readFile: (path: string) => string | undefined,
  listFiles: (glob: string) => readonly string[],
  options: LoadOptions = {},
): LoadedPipeline {
  const sourceMap = new SourceMapBuilder();
  const text = readFile(entry);
  if (text === undefined) throw pipelineError(undefined, "", `${entry} does not exist`);
  const included = expandIncludes(entry, text, RawNode.root(undefined, sourceMap), undefined, [], {
    readFile,
    listFiles,
    sourceMap,
    evaluateIncludeRule: options.evaluateIncludeRule,
    variables: options.variables ?? {},
    maxIncludes: options.maxIncludes ?? DEFAULT_MAX_INCLUDES,
    count: 0,
  });
  const extended = applyExtends(included, sourceMap);
  return {
    value: resolveReferences(extended, sourceMap),
    sourceMap,
    warnings: sourceMap.warnings,
  };
}
