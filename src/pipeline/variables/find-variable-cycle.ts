import type { LayerVariable } from "./variable-layer.js";
import { splitVariableText } from "./split-variable-text.js";

/**
 * A reference cycle among expandable definitions, as names (`["A", "B", "A"]`), else
 * undefined. Like GitLab (Gitlab::Ci::Variables::Collection::Sort), a reference to NAME
 * depends on every definition of NAME at any level, except the referring definition
 * itself: `X: "$X:more"` over a lower `X` is not a cycle, but `A: $B` with `B: $A` is,
 * and so is a lower `X: "$X"` under a higher `X: "a$X"`.
 * Precondition: `definitions` are in precedence order, lowest first.
 */
export function findVariableCycle(
  definitions: readonly LayerVariable[],
): readonly string[] | undefined {
  const byName = new Map<string, number[]>();
  definitions.forEach((definition, index) => {
    byName.set(definition.name, [...(byName.get(definition.name) ?? []), index]);
  });
  const dependencies = definitions.map((definition, index) =>
    definition.expand === false
      ? []
      : splitVariableText(definition.value)
          .flatMap((part) => (part.kind === "reference" ? (byName.get(part.name) ?? []) : []))
          .filter((target) => target !== index),
  );
  const state = new Array<"new" | "open" | "done">(definitions.length).fill("new");
  const path: number[] = [];
  const visit = (index: number): readonly number[] | undefined => {
    if (state[index] === "done") return undefined;
    if (state[index] === "open") return [...path.slice(path.indexOf(index)), index];
    state[index] = "open";
    path.push(index);
    for (const target of dependencies[index] ?? []) {
      const cycle = visit(target);
      if (cycle !== undefined) return cycle;
    }
    path.pop();
    state[index] = "done";
    return undefined;
  };
  for (let index = 0; index < definitions.length; index++) {
    const cycle = visit(index);
    if (cycle !== undefined) return cycle.map((at) => definitions[at]?.name ?? "");
  }
  return undefined;
}
