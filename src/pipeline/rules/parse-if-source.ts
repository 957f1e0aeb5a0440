import type { ExpressionFail, IfExpression, IfValue } from "./if-expression.js";
import { describeToken, type IfToken } from "./if-token.js";
import { lexIf } from "./lex-if.js";

const afterOperand = "==, !=, =~, !~, &&, || or the end of the expression";
const afterCondition = "&&, || or the end of the expression";

/**
 * Parses a CI/CD variable expression: `||` binds looser than `&&`, which binds looser than
 * a comparison; parentheses group. A lone value means "defined and not empty". A regex
 * literal may only be the right side of `=~` or `!~`.
 */
export function parseIfSource(source: string, fail: ExpressionFail): IfExpression {
  const tokens = lexIf(source, fail);
  let position = 0;
  const peek = (): IfToken =>
    tokens[position] ?? { kind: "end", column: source.length + 1, text: "" };
  const unexpected = (expected: string): Error => {
    const token = peek();
    return fail(
      `unexpected ${describeToken(token)} at column ${token.column}; expected ${expected}`,
    );
  };

  const isOperator = (operator: string): boolean => {
    const token = peek();
    return token.kind === "operator" && token.operator === operator;
  };

  const parseOr = (): IfExpression => {
    let left = parseAnd();
    while (isOperator("||")) {
      position++;
      left = { kind: "or", left, right: parseAnd() };
    }
    return left;
  };

  const parseAnd = (): IfExpression => {
    let left = parsePrimary();
    while (isOperator("&&")) {
      position++;
      left = { kind: "and", left, right: parsePrimary() };
    }
    return left;
  };

  const parsePrimary = (): IfExpression => {
    const token = peek();
    if (token.kind === "(") {
      position++;
      const inner = parseOr();
      if (peek().kind !== ")") throw unexpected(`")" to close the "(" at column ${token.column}`);
      position++;
      return inner;
    }
    const left = parseValue();
    const operator = peek();
    if (operator.kind !== "operator" || operator.operator === "&&" || operator.operator === "||") {
      return { kind: "present", value: left };
    }
    position++;
    const negated = operator.operator.startsWith("!");
    if (operator.operator === "==" || operator.operator === "!=") {
      return { kind: "equals", negated, left, right: parseValue() };
    }
    const pattern = peek();
    if (pattern.kind === "pattern") {
      position++;
      return { kind: "matches", negated, left, right: pattern.pattern };
    }
    return { kind: "matches", negated, left, right: parseValue() };
  };

  const parseValue = (): IfValue => {
    const token = peek();
    if (token.kind === "value") {
      position++;
      return token.value;
    }
    if (token.kind === "pattern") {
      throw fail(
        `unexpected regular expression ${token.text} at column ${token.column}; a regular expression can only be the right side of =~ or !~`,
      );
    }
    throw unexpected('a value ($VARIABLE, "string", null)');
  };

  if (peek().kind === "end") throw fail("expected an expression, got an empty string");
  const expression = parseOr();
  if (peek().kind !== "end") {
    throw unexpected(endsWithLoneValue(tokens, position) ? afterOperand : afterCondition);
  }
  return expression;
}

/** Whether the tokens before `position` end with a value that is not the right side of a comparison. */
function endsWithLoneValue(tokens: readonly IfToken[], position: number): boolean {
  const previous = tokens[position - 1];
  const before = tokens[position - 2];
  return (
    previous?.kind === "value" &&
    !(before?.kind === "operator" && before.operator !== "&&" && before.operator !== "||")
  );
}
