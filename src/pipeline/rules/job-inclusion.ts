import type { OnlyExceptPolicy } from "./only-except.js";
import type { Rule } from "./rule.js";

/** How a job decides whether it is in the pipeline: `rules`, or `only`/`except` (the default). */
export type JobInclusion =
  | { readonly kind: "rules"; readonly rules: readonly Rule[] }
  | {
      readonly kind: "only-except";
      readonly only: OnlyExceptPolicy | undefined;
      readonly except: OnlyExceptPolicy | undefined;
    };
