import type { ExpressionFail } from "./if-expression.js";
import type { IfOperator, IfToken } from "./if-token.js";
import { readPatternLiteral } from "./read-pattern-literal.js";

/** GitLab's lexer stops at this many tokens. */
const maxTokens = 100;

const operators: readonly IfOperator[] = ["==", "!=", "=~", "!~", "&&", "||"];

const valueHint = "a value ($VARIABLE, \"string\", 'string', null or /regex/)";

/**
 * Splits a CI/CD variable expression into tokens, ending with an `end` token. Strings have
 * no escapes (GitLab reads up to the next matching quote); `$NAME` takes word characters.
 */
export function lexIf(source: string, fail: ExpressionFail): readonly IfToken[] {
  const tokens: IfToken[] = [];
  let index = 0;
  for (;;) {
    while (/\s/u.test(source[index] ?? "")) index++;
    const column = index + 1;
    if (index >= source.length) {
      tokens.push({ kind: "end", column, text: "" });
      return tokens;
    }
    if (tokens.length >= maxTokens) {
      throw fail(`too many tokens at column ${column}; GitLab allows at most ${maxTokens}`);
    }
    const rest = source.slice(index);
    const char = rest[0] ?? "";
    const operator = operators.find((candidate) => rest.startsWith(candidate));
    let token: IfToken;
    if (operator !== undefined) {
      token = { kind: "operator", operator, column, text: operator };
    } else if (char === "(" || char === ")") {
      token = { kind: char, column, text: char };
    } else if (char === "$") {
      token = variable(rest, column, fail);
    } else if (char === '"' || char === "'") {
      const end = rest.indexOf(char, 1);
      if (end < 0)
        throw fail(`unterminated string at column ${column}; expected a closing ${char}`);
      const text = rest.slice(0, end + 1);
      token = { kind: "value", value: { kind: "string", value: text.slice(1, -1) }, column, text };
    } else if (char === "/") {
      token = readPatternLiteral(rest, column, fail);
    } else if (/^null(?!\w)/u.test(rest)) {
      token = { kind: "value", value: { kind: "null" }, column, text: "null" };
    } else {
      throw unexpected(rest, column, fail);
    }
    tokens.push(token);
    index += token.text.length;
  }
}

function variable(rest: string, column: number, fail: ExpressionFail): IfToken {
  const match = /^\$(\w+)/u.exec(rest);
  if (match?.[1] !== undefined) {
    return { kind: "value", value: { kind: "variable", name: match[1] }, column, text: match[0] };
  }
  const braced = /^\$\{(\w+)\}/u.exec(rest);
  if (braced?.[1] !== undefined) {
    throw fail(
      `unexpected "${braced[0]}" at column ${column}; GitLab expressions take $${braced[1]}, not \${${braced[1]}}`,
      `write $${braced[1]}`,
    );
  }
  throw fail(`unexpected "$" at column ${column}; expected a variable name after $`);
}

function unexpected(rest: string, column: number, fail: ExpressionFail): Error {
  const word = /^\w+/u.exec(rest)?.[0];
  if (word !== undefined) {
    return fail(
      `unexpected "${word}" at column ${column}; expected ${valueHint}`,
      `to use a variable write $${word}; to compare with text quote it: "${word}"`,
    );
  }
  const char = rest[0] ?? "";
  if (char === "!") {
    return fail(`unexpected "!" at column ${column}; GitLab has no "not" operator, only != and !~`);
  }
  if (char === "=" || char === "&" || char === "|") {
    return fail(`unexpected "${char}" at column ${column}; expected ==, =~, && or ||`);
  }
  return fail(`unexpected "${char}" at column ${column}; expected ${valueHint} or an operator`);
}
