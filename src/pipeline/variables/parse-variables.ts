import { describeRaw, type RawNode } from "../raw/raw-node.js";
import { readBoolean } from "../raw/read-scalar.js";
import { rubyScalarText } from "./ruby-scalar-text.js";
import type { VariableDefinition, VariableScope } from "./variable-definition.js";
import { isVariableName } from "./variable-name.js";

const mapKeys: Readonly<Record<VariableScope, readonly string[]>> = {
  global: ["value", "description", "expand", "options"],
  job: ["value", "expand"],
  rules: [],
};

/**
 * A `variables:` map in file order (GitLab's Entry::Variable). Values may be strings,
 * numbers or booleans (stored as Ruby prints them); `null` or a list is an error. A missing
 * or empty (`variables:` with nothing after it) map has no variables.
 */
export function parseVariables(node: RawNode, scope: VariableScope): readonly VariableDefinition[] {
  if (node.value === undefined || node.value === null) return [];
  return node
    .keys("a map of variable names to values")
    .map((name) => parseVariable(node.child(name), name, scope));
}

function parseVariable(node: RawNode, name: string, scope: VariableScope): VariableDefinition {
  if (!isVariableName(name)) {
    throw node.fail(
      `variable name ${JSON.stringify(name)} is not allowed: use only letters, digits and _`,
    );
  }
  const base = { name, key: node.key, location: node.location };
  const value = node.value;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    return {
      ...base,
      value: rubyScalarText(value),
      expand: true,
      description: undefined,
      options: undefined,
    };
  }
  if (!node.isMap) {
    throw node.fail(
      `variable ${name}: expected a string, a number or true/false${mapForms(scope)}, got ${describeRaw(value)}`,
      value === null ? `write ${name}: "" for an empty value` : undefined,
    );
  }
  return { ...base, ...parseVariableMap(node, name, scope) };
}

function parseVariableMap(node: RawNode, name: string, scope: VariableScope) {
  const allowed = mapKeys[scope];
  if (allowed.length === 0) {
    throw node.fail(
      `variable ${name}: expected a string, a number or true/false, got a map`,
      "a map with value: is allowed only in top-level and job variables",
    );
  }
  const unknown = node.keys().filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    throw node.fail(
      `variable ${name} uses invalid keys: ${unknown.join(", ")}; expected ${allowed.join(", ")}`,
    );
  }
  const value = readValue(node.child("value"), name);
  const description = readDescription(node.child("description"), name);
  const expandNode = node.child("expand");
  const expand = expandNode.isMissing ? true : readBoolean(expandNode);
  const options = readOptions(node.child("options"), name);
  if (options !== undefined && options.length > 0) {
    const raw = node.child("value").value;
    if (typeof raw !== "string" || !options.includes(raw)) {
      throw node.fail(
        `variable ${name}: value must be one of its options (${options.join(", ")}), got ${describeRaw(raw)}`,
      );
    }
  }
  return { value, expand, description, options };
}

function readValue(node: RawNode, name: string): string {
  const value = node.value;
  if (value === undefined || value === null) return "";
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    return rubyScalarText(value);
  }
  throw node.fail(
    `variable ${name}: expected a string, a number or true/false, got ${describeRaw(value)}`,
  );
}

function readDescription(node: RawNode, name: string): string | undefined {
  const value = node.value;
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
  throw node.fail(`variable ${name}: expected a string description, got ${describeRaw(value)}`);
}

function readOptions(node: RawNode, name: string): readonly string[] | undefined {
  if (node.value === undefined || node.value === null) return undefined;
  const expected = "a list of strings";
  return node.items(expected).map((item) => {
    if (typeof item.value !== "string") {
      throw item.fail(`variable ${name}: expected ${expected}, got ${describeRaw(item.value)}`);
    }
    return item.value;
  });
}

function mapForms(scope: VariableScope): string {
  return scope === "rules" ? "" : ` or a map with ${mapKeys[scope].join(", ")}`;
}
