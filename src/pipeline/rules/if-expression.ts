/**
 * A parsed `rules:if` (or `only:variables`) expression, GitLab's "CI/CD variable expression".
 * Built only by `parseIf`; regex literals are already checked and translated from RE2.
 */
export type IfExpression =
  | { readonly kind: "or" | "and"; readonly left: IfExpression; readonly right: IfExpression }
  | {
      readonly kind: "equals";
      readonly negated: boolean;
      readonly left: IfValue;
      readonly right: IfValue;
    }
  | {
      readonly kind: "matches";
      readonly negated: boolean;
      readonly left: IfValue;
      readonly right: IfValue | IfPattern;
    }
  | { readonly kind: "present"; readonly value: IfValue };

/** An operand that evaluates to a string or null (undefined variable, `null`). */
export type IfValue =
  | { readonly kind: "variable"; readonly name: string }
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "null" };

/** A `/pattern/flags` literal, as written and as an RE2-equivalent JS RegExp. */
export interface IfPattern {
  readonly kind: "pattern";
  readonly source: string;
  readonly flags: string;
  readonly regexp: RegExp;
}

/** How the lexer and parser report a user error (bound to the RawNode being parsed). */
export type ExpressionFail = (message: string, fix?: string) => Error;
