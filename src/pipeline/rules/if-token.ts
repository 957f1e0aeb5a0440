import type { IfPattern, IfValue } from "./if-expression.js";

export type IfOperator = "==" | "!=" | "=~" | "!~" | "&&" | "||";

/** A lexed piece of an expression; `column` is 1-based in the expression text. */
export type IfToken = { readonly column: number; readonly text: string } & (
  | { readonly kind: "value"; readonly value: IfValue }
  | { readonly kind: "pattern"; readonly pattern: IfPattern }
  | { readonly kind: "operator"; readonly operator: IfOperator }
  | { readonly kind: "(" | ")" | "end" }
);

/** `"=="`, `end of expression`, ... for "unexpected X" messages. */
export function describeToken(token: IfToken): string {
  return token.kind === "end" ? "end of expression" : JSON.stringify(token.text);
}
