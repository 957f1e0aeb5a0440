import { evaluateIf } from "./evaluate-if.js";
import { matchRef } from "./match-ref.js";
import type { OnlyExceptContext } from "./only-except-context.js";
import type { OnlyExceptPolicy } from "./only-except.js";

/**
 * Whether the job is added: every key of `only` has a condition that holds, and no key of
 * `except` does. Within a key, any item holding is enough.
 */
export function evaluateOnlyExcept(
  only: OnlyExceptPolicy | undefined,
  except: OnlyExceptPolicy | undefined,
  context: OnlyExceptContext,
): boolean {
  const included = only === undefined || keyResults(only, context).every(Boolean);
  const excluded = except !== undefined && keyResults(except, context).some(Boolean);
  return included && !excluded;
}

/** One boolean per key present in the policy. */
function keyResults(policy: OnlyExceptPolicy, context: OnlyExceptContext): readonly boolean[] {
  const results: boolean[] = [];
  if (policy.refs !== undefined) results.push(policy.refs.some((ref) => matchRef(ref, context)));
  if (policy.variables !== undefined) {
    results.push(policy.variables.some((expression) => evaluateIf(expression, context.variables)));
  }
  if (policy.changes !== undefined) results.push(changesHold(policy.changes, context));
  if (policy.kubernetes !== undefined) {
    results.push((context.variables.get("CI_KUBERNETES_ACTIVE") ?? "") !== "");
  }
  return results;
}

/**
 * GitLab can tell changed files only for branch pushes and merge requests; for any other
 * pipeline (tags, schedules, web, ...) `changes` is documented to always be true.
 */
function changesHold(paths: readonly string[], context: OnlyExceptContext): boolean {
  const knowsChanges =
    (context.source === "push" && !context.isTag) ||
    context.source === "merge_request_event" ||
    context.source === "external_pull_request_event";
  return !knowsChanges || context.changes(paths, undefined);
}
