import type { CachePolicy } from "../../job/job-spec.js";
import { cachePolicies, type CachePolicyConfig } from "./read-cache-policy.js";

/** The policy to use, expanding a variable policy with `expand` (the job's variables). */
export function resolveCachePolicy(
  policy: CachePolicyConfig,
  expand: (text: string) => string,
): CachePolicy {
  if (typeof policy === "string") return policy;
  const text = expand(policy.expression);
  const found = cachePolicies.find((candidate) => candidate === text);
  if (found === undefined) {
    throw policy.node.fail(
      `expected ${policy.expression} to expand to one of ${cachePolicies.join(", ")}, got ${JSON.stringify(text)}`,
    );
  }
  return found;
}
