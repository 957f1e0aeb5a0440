import type { RawNode } from "../raw/raw-node.js";
import type { IfExpression } from "./if-expression.js";

export const ruleWhens = [
  "on_success",
  "on_failure",
  "always",
  "manual",
  "never",
  "delayed",
] as const;
export type RuleWhen = (typeof ruleWhens)[number];

/** `allow_failure: true|false`, or `{exit_codes: ...}` (accepted here; GitLab's rules take only booleans). */
export type RuleAllowFailure = boolean | { readonly exitCodes: readonly number[] };

export interface RuleChanges {
  readonly paths: readonly string[];
  /** `compare_to`: the ref or SHA to diff against; undefined means GitLab's default base. */
  readonly compareTo: string | undefined;
}

/**
 * One item of `rules:` (or `workflow:rules:`), validated. Absent keys are undefined; a rule
 * matches when every clause present (`if`, `changes`, `exists`) matches.
 */
export interface Rule {
  readonly if: IfExpression | undefined;
  readonly changes: RuleChanges | undefined;
  /** `exists` paths or globs, relative to the project directory. */
  readonly exists: readonly string[] | undefined;
  readonly when: RuleWhen | undefined;
  /** `start_in` as written (`30 minutes`); present exactly when `when` is `delayed`. */
  readonly startIn: string | undefined;
  readonly allowFailure: RuleAllowFailure | undefined;
  readonly variables: ReadonlyMap<string, string>;
  /** `needs` kept unparsed, for the job's own needs parser: it replaces the job's needs. */
  readonly needs: RawNode | undefined;
  readonly interruptible: boolean | undefined;
}
