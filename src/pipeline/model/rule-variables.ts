import type { InheritConfig } from "../job/parse-inherit.js";
import type { VariableDefinition } from "../variables/variable-definition.js";
import type { VariableLayer } from "../variables/variable-layer.js";

/** Global `variables:` as a job inherits them (`inherit:variables`). */
export function inheritedGlobals(
  globals: readonly VariableDefinition[],
  inherit: InheritConfig,
): readonly VariableDefinition[] {
  if (inherit.variables === true) return globals;
  if (inherit.variables === false) return [];
  const kept = inherit.variables;
  return globals.filter((variable) => kept.includes(variable.name));
}

/** Name/value pairs as one precedence layer. */
export function pairsLayer(
  source: VariableLayer["source"],
  entries: Iterable<readonly [string, string]>,
): VariableLayer {
  return { source, variables: [...entries].map(([name, value]) => ({ name, value })) };
}
