import type { RawNode } from "../raw/raw-node.js";
import { checkInputValue } from "./check-input-value.js";
import type { InputSpec } from "./input-spec.js";

/**
 * The input values of one inclusion of `file`: `given` (the `include:inputs` map, or a
 * missing node) checked against the file's specs, with defaults filled in. Unknown and
 * missing required inputs, wrong types, options and regex violations throw; a missing
 * required input is reported at `includeNode` (the include item), else at its spec.
 */
export function resolveInputs(
  specs: ReadonlyMap<string, InputSpec>,
  given: RawNode,
  includeNode: RawNode | undefined,
  file: string,
): ReadonlyMap<string, unknown> {
  const names = given.isMissing ? [] : given.keys("a map of input names to values");
  for (const name of names) {
    if (!specs.has(name)) {
      const declared = [...specs.keys()].join(", ") || "none";
      throw given
        .child(name)
        .fail(`unknown input "${name}"; ${file} declares these inputs: ${declared}`);
    }
  }
  const values = new Map<string, unknown>();
  for (const spec of specs.values()) {
    if (names.includes(spec.name)) {
      const node = given.child(spec.name);
      checkInputValue(spec, node.value, node, `input "${spec.name}"`);
      values.set(spec.name, node.value);
    } else if (spec.default !== undefined) {
      values.set(spec.name, spec.default.value);
    } else {
      throw (includeNode ?? spec.node).fail(
        `input "${spec.name}" is required by ${file} (it has no default) but was not given`,
        `give it under inputs: of the include, or add a default: to the spec`,
      );
    }
  }
  return values;
}
