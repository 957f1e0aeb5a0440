import type { RawNode } from "../raw/raw-node.js";
import type { JobInclusion } from "./job-inclusion.js";
import { parseOnlyExcept } from "./parse-only-except.js";
import { parseRules } from "./parse-rules.js";

/**
 * Reads `rules`, `only` and `except` of a job map. `rules` with `only` or `except` is an
 * error, as in GitLab; a job with none of them gets `only: [branches, tags]`.
 */
export function parseJobInclusion(job: RawNode): JobInclusion {
  const rules = job.child("rules");
  const only = job.child("only");
  const except = job.child("except");
  if (!rules.isMissing) {
    const present = [only, except].filter((node) => !node.isMissing);
    const mixed = present.map((node) => node.path.at(-1));
    if (present[0] !== undefined) {
      // At the first offending key, so that the error names its line.
      throw present[0].fail(
        `config key may not be used with \`rules\`: ${mixed.join(", ")}`,
        'move the only/except conditions into rules:if (for example if: $CI_COMMIT_BRANCH == "main")',
      );
    }
    return { kind: "rules", rules: parseRules(rules) };
  }
  return {
    kind: "only-except",
    only: parseOnlyExcept(only, "only"),
    except: parseOnlyExcept(except, "except"),
  };
}
