import type { RawNode } from "../raw/raw-node.js";
import { readString } from "../raw/read-scalar.js";
import { checkInputValue } from "./check-input-value.js";
import type { InputSpec, InputType } from "./input-spec.js";

const INPUT_KEYS = new Set(["default", "description", "options", "regex", "type"]);
const TYPES: readonly InputType[] = ["string", "number", "boolean", "array"];

/**
 * The inputs a file declares in its header (`spec: inputs: name: {default, description,
 * options, regex, type}`); an input without `default` is required. Defaults are checked
 * against type, options and regex. `spec:component` is accepted and ignored.
 */
export function readInputSpec(header: RawNode): ReadonlyMap<string, InputSpec> {
  const spec = header.child("spec");
  for (const key of spec.isMissing || spec.value === null ? [] : spec.keys("a map with inputs:")) {
    if (key !== "inputs" && key !== "component") {
      throw spec.child(key).fail(`unknown key in spec; expected inputs`);
    }
  }
  const inputs = spec.child("inputs");
  const specs = new Map<string, InputSpec>();
  if (inputs.isMissing || inputs.value === null) return specs;
  for (const name of inputs.keys("a map of input names")) {
    specs.set(name, readOne(name, inputs.child(name)));
  }
  return specs;
}

function readOne(name: string, node: RawNode): InputSpec {
  if (node.value === null) return { name, type: "string", node };
  for (const key of node.keys("a map of default, description, options, regex, type")) {
    if (!INPUT_KEYS.has(key)) {
      throw node.child(key).fail(`unknown key; expected one of ${[...INPUT_KEYS].join(", ")}`);
    }
  }
  const typeNode = node.child("type");
  const type = typeNode.isMissing ? "string" : readType(typeNode);
  const optionsNode = node.child("options");
  const regexNode = node.child("regex");
  if (!regexNode.isMissing && type !== "string") {
    throw regexNode.fail(`regex can only be used with string inputs, this input's type is ${type}`);
  }
  const spec: InputSpec = {
    name,
    type,
    node,
    ...(optionsNode.isMissing
      ? {}
      : { options: optionsNode.items("a list of options").map((o) => o.value) }),
    ...(regexNode.isMissing ? {} : { regex: compileRegex(regexNode) }),
    ...(node.child("default").isMissing ? {} : { default: { value: node.child("default").value } }),
  };
  if (spec.default !== undefined) {
    checkInputValue(spec, spec.default.value, node.child("default"), `default of input "${name}"`);
  }
  return spec;
}

function readType(node: RawNode): InputType {
  const text = readString(node, TYPES.join(", "));
  const type = TYPES.find((candidate) => candidate === text);
  if (type === undefined) throw node.fail(`expected one of ${TYPES.join(", ")}, got "${text}"`);
  return type;
}

/** GitLab's regexes are RE2; JavaScript's syntax covers the common subset. `/x/` is accepted. */
function compileRegex(node: RawNode): RegExp {
  const text = readString(node, "a regular expression");
  const source = /^\/.*\/$/s.test(text) && text.length >= 2 ? text.slice(1, -1) : text;
  try {
    return new RegExp(source, "u");
  } catch (error) {
    throw node.fail(
      `invalid regular expression: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
