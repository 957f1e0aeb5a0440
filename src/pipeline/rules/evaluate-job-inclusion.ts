import { evaluateOnlyExcept } from "./evaluate-only-except.js";
import { evaluateRules, type RuleOutcome } from "./evaluate-rules.js";
import type { JobInclusion } from "./job-inclusion.js";
import type { OnlyExceptContext } from "./only-except-context.js";
import type { RuleContext } from "./rule-context.js";

const onlyExceptOutcome: RuleOutcome = {
  when: "absent",
  startIn: undefined,
  allowFailure: undefined,
  variables: new Map(),
  needs: undefined,
  interruptible: undefined,
};

/**
 * The job's outcome in this pipeline: the matching rule's, or for `only`/`except` a plain
 * `when: "absent"` (the job's own keywords apply); undefined when the job is not added.
 * A rule outcome of `when: "never"` also means not added.
 */
export function evaluateJobInclusion(
  inclusion: JobInclusion,
  context: RuleContext & OnlyExceptContext,
): RuleOutcome | undefined {
  if (inclusion.kind === "rules") return evaluateRules(inclusion.rules, context);
  return evaluateOnlyExcept(inclusion.only, inclusion.except, context)
    ? onlyExceptOutcome
    : undefined;
}
