import { pipelineError } from "../pipeline-error.js";
import { expandText } from "./expand-text.js";
import { findVariableCycle } from "./find-variable-cycle.js";
import {
  variableSourcesLowestFirst,
  type LayerVariable,
  type ResolvedVariable,
  type VariableLayer,
  type VariableSource,
} from "./variable-layer.js";

export interface ResolvePorts {
  /**
   * The path a `file` variable will have in the job. GitLab Runner puts that path where
   * another variable refers to a file variable; without this port the reference is kept
   * as `${NAME}` for the executor to replace.
   */
  readonly filePath?: (name: string) => string;
}

type Definition = LayerVariable & { readonly source: VariableSource };

/**
 * One value per name, the highest layer's, expanded. `layers` must be lowest first in
 * GitLab's precedence (variableSourcesLowestFirst); several layers of one source are
 * allowed (dotenv reports of several jobs, later wins).
 *
 * Expansion follows GitLab (variables are sorted by their references, not by where they
 * are written, then expanded once): a reference to another name takes that name's final
 * value, whatever level it is defined at; a reference to the variable's own name takes
 * the next lower definition of that name (`PATH_X: "$PATH_X:/more"`), nothing when there
 * is none; an undefined name is replaced by nothing; `$$` is `$`; `expand: false` values
 * are kept as written and inserted as written. Circular references fail, as GitLab's
 * "circular variable reference detected" does.
 */
export function resolveVariables(
  layers: readonly VariableLayer[],
  ports: ResolvePorts = {},
): readonly ResolvedVariable[] {
  checkOrder(layers);
  const definitions: readonly Definition[] = layers.flatMap((layer) =>
    layer.variables.map((variable) => ({ ...variable, source: layer.source })),
  );
  failOnCycle(definitions);
  const indexes = new Map<string, number[]>();
  definitions.forEach((definition, index) => {
    indexes.set(definition.name, [...(indexes.get(definition.name) ?? []), index]);
  });
  const values = new Map<number, string>();
  const valueAt = (index: number): string => {
    const known = values.get(index);
    if (known !== undefined) return known;
    const definition = definitions[index];
    if (definition === undefined) return "";
    const value =
      definition.expand === false
        ? definition.value
        : expandText(definition.value, (name) => {
            const all = indexes.get(name) ?? [];
            const target =
              name === definition.name ? all.filter((at) => at < index).at(-1) : all.at(-1);
            if (target === undefined) return undefined;
            if (definitions[target]?.file === true) {
              return ports.filePath === undefined ? `\${${name}}` : ports.filePath(name);
            }
            return valueAt(target);
          });
    values.set(index, value);
    return value;
  };
  return [...indexes.values()].flatMap((all) => {
    const top = all.at(-1);
    const definition = top === undefined ? undefined : definitions[top];
    if (top === undefined || definition === undefined) return [];
    return [
      {
        name: definition.name,
        value: valueAt(top),
        masked: definition.masked ?? false,
        file: definition.file ?? false,
        source: definition.source,
      },
    ];
  });
}

function checkOrder(layers: readonly VariableLayer[]): void {
  let previous = 0;
  for (const layer of layers) {
    const rank = variableSourcesLowestFirst.indexOf(layer.source);
    if (rank < previous) {
      throw new Error(`variable layer "${layer.source}" is out of precedence order (lowest first)`);
    }
    previous = rank;
  }
}

function failOnCycle(definitions: readonly Definition[]): void {
  const cycle = findVariableCycle(definitions);
  if (cycle === undefined) return;
  const first = definitions.findLast(
    (definition) => definition.name === cycle[0] && definition.key !== undefined,
  );
  throw pipelineError(
    first?.location,
    first?.key ?? "variables",
    `circular variable reference: ${cycle.join(" -> ")}`,
    "a variable cannot refer to itself through other variables; write one of the values out",
  );
}
