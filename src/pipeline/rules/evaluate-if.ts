import type { IfExpression, IfPattern, IfValue } from "./if-expression.js";
import { re2ToRegExp } from "./re2-to-regexp.js";
import { parseSlashPattern } from "./slash-pattern.js";

/**
 * Evaluates a parsed expression as GitLab documents it: an undefined variable is null
 * (`== null` true, `== ""` false); a lone value is true when defined and not empty; `=~`
 * against null is false (`!~` true); an undefined left side is matched as "". A string on
 * the right of `=~` (usually a variable) is used as a regex when it is `/pattern/flags` in
 * valid RE2, else GitLab's documented fallback applies: true when the left side is a
 * substring of it.
 */
export function evaluateIf(
  expression: IfExpression,
  variables: ReadonlyMap<string, string>,
): boolean {
  switch (expression.kind) {
    case "or":
      return evaluateIf(expression.left, variables) || evaluateIf(expression.right, variables);
    case "and":
      return evaluateIf(expression.left, variables) && evaluateIf(expression.right, variables);
    case "present": {
      const value = valueOf(expression.value, variables);
      return value !== null && value !== "";
    }
    case "equals":
      return (
        (valueOf(expression.left, variables) === valueOf(expression.right, variables)) !==
        expression.negated
      );
    case "matches":
      return matches(expression.left, expression.right, variables) !== expression.negated;
  }
}

function valueOf(value: IfValue, variables: ReadonlyMap<string, string>): string | null {
  if (value.kind === "variable") return variables.get(value.name) ?? null;
  return value.kind === "string" ? value.value : null;
}

function matches(
  left: IfValue,
  right: IfValue | IfPattern,
  variables: ReadonlyMap<string, string>,
): boolean {
  const text = valueOf(left, variables) ?? "";
  if (right.kind === "pattern") return right.regexp.test(text);
  const pattern = valueOf(right, variables);
  if (pattern === null) return false;
  const slashed = parseSlashPattern(pattern);
  const translated = slashed === undefined ? undefined : re2ToRegExp(slashed.source, slashed.flags);
  if (translated?.ok === true) return translated.regexp.test(text);
  return pattern.includes(text);
}
