import type { RawNode } from "../raw/raw-node.js";
import { readInteger } from "../raw/read-scalar.js";
import { checkKeys } from "./check-keys.js";
import { readExitCodes } from "./read-exit-codes.js";
import { readOneOf } from "./read-one-of.js";
import { readOptional } from "./read-optional.js";

/** GitLab's failure types for `retry:when` (plus `always`). */
export const retryWhens = [
  "always",
  "unknown_failure",
  "script_failure",
  "api_failure",
  "stuck_or_timeout_failure",
  "runner_system_failure",
  "runner_unsupported",
  "stale_schedule",
  "job_execution_timeout",
  "archived_failure",
  "unmet_prerequisites",
  "scheduler_failure",
  "data_integrity_failure",
] as const;

export type RetryWhen = (typeof retryWhens)[number];

export interface RetryConfig {
  /** Retries after the first run: 0, 1 or 2. */
  readonly max: number;
  /** Failure types that are retried (empty when only `exit_codes` select). */
  readonly when: readonly RetryWhen[];
  /** Script exit codes that are retried, besides `when`. */
  readonly exitCodes: readonly number[];
}

/**
 * `retry`: 0..2, or `{max, when, exit_codes}`. With neither `when` nor `exit_codes`,
 * every failure is retried (`always`); `max` defaults to 0.
 */
export function parseRetry(node: RawNode): RetryConfig {
  if (!node.isMap) return { max: readInteger(node, 0, 2), when: ["always"], exitCodes: [] };
  checkKeys(node, ["max", "when", "exit_codes"], "retry");
  const exitCodes = readOptional(node.child("exit_codes"), readExitCodes, []);
  const whenNode = node.child("when");
  return {
    max: readOptional(node.child("max"), (child) => readInteger(child, 0, 2), 0),
    when: whenNode.isMissing ? (exitCodes.length > 0 ? [] : ["always"]) : readRetryWhen(whenNode),
    exitCodes,
  };
}

function readRetryWhen(node: RawNode): readonly RetryWhen[] {
  if (!node.isList) return [readOneOf(node, retryWhens)];
  const whens = node.items().map((item) => readOneOf(item, retryWhens));
  if (whens.length === 0) throw node.fail("expected at least one failure type, got an empty list");
  return whens;
}
