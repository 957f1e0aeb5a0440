import type { OnlyExceptContext } from "./only-except-context.js";
import type { RefPattern } from "./only-except.js";

/** `push` -> `pushes`, `schedule` -> `schedules`: enough of Rails' pluralize for pipeline sources. */
const pluralize = (word: string): string =>
  /(s|sh|ch|x|z)$/u.test(word) ? `${word}es` : `${word}s`;

/**
 * GitLab's Policy::Refs for one pattern: `tags`/`branches` by ref kind; the pipeline source
 * without `_event`, singular or plural (`pushes`, `schedules`, `web`, `merge_requests`); else,
 * for branch and tag pipelines only, the regex or the exact ref name.
 */
export function matchRef(pattern: RefPattern, context: OnlyExceptContext): boolean {
  if (pattern.projectPath !== undefined && pattern.projectPath !== context.projectPath)
    return false;
  const source = context.source.replace(/_event$/u, "");
  const isBranch = !context.isTag && source !== "merge_request";
  if (pattern.ref === "tags" && context.isTag) return true;
  if (pattern.ref === "branches" && isBranch) return true;
  if (pattern.ref === source || pattern.ref === pluralize(source)) return true;
  if (source === "external_merge_request" && pattern.ref === "merge_requests") return true;
  if (!isBranch && !context.isTag) return false;
  return pattern.regexp === undefined
    ? pattern.ref === context.ref
    : pattern.regexp.test(context.ref);
}
