import { describeRaw, type RawNode } from "../raw/raw-node.js";
import type { InputSpec, InputType } from "./input-spec.js";

/**
 * Throws (at `node`) unless `value` fits the input's `type`, `options` and `regex`, as
 * GitLab checks both defaults and the values given with `include:inputs`.
 */
export function checkInputValue(
  spec: InputSpec,
  value: unknown,
  node: RawNode,
  what: string,
): void {
  if (!hasType(value, spec.type)) {
    throw node.fail(`${what} must be ${article(spec.type)}, got ${describeRaw(value)}`);
  }
  if (spec.options !== undefined && !spec.options.includes(value)) {
    const allowed = spec.options.map((option) => JSON.stringify(option)).join(", ");
    throw node.fail(`${what} ${JSON.stringify(value)} is not one of the options: ${allowed}`);
  }
  if (spec.regex !== undefined && typeof value === "string" && !spec.regex.test(value)) {
    throw node.fail(
      `${what} ${JSON.stringify(value)} does not match the regex /${spec.regex.source}/`,
    );
  }
}

function hasType(value: unknown, type: InputType): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "boolean":
      return typeof value === "boolean";
    case "array":
      return Array.isArray(value);
  }
}

function article(type: InputType): string {
  return type === "array" ? "an array" : `a ${type}`;
}
