import { narrowPolicy } from "./narrow-policy.js";
import type { NetworkPolicy } from "./network-policy.js";

/** One level that may set a policy: the runner, the image, the job (outermost first). */
export interface PolicyLevel {
  /** `runner`, `image default`, `job`: named in every message about what it cut. */
  readonly level: string;
  readonly policy: NetworkPolicy;
}

export interface LayeredPolicy {
  readonly policy: NetworkPolicy;
  /** One line per entry an inner level asked for and an outer level does not allow. */
  readonly narrowed: readonly string[];
}

/**
 * The policy a sandbox gets when each level may only narrow what the levels outside it
 * allow (the runner bounds the image, the image bounds the job): the innermost request,
 * cut to the reach of every level above it. What was cut is reported, never dropped silently.
 * Precondition: `levels` is not empty.
 */
export function layeredPolicy(levels: readonly PolicyLevel[]): LayeredPolicy {
  const [outermost, ...inner] = levels;
  if (outermost === undefined) throw new Error("layeredPolicy: no level");
  let policy = outermost.policy;
  let bound = outermost.level;
  const narrowed: string[] = [];
  for (const level of inner) {
    const result = narrowPolicy(policy, level.policy);
    for (const dropped of result.dropped) {
      narrowed.push(`${level.level} asked for more than ${bound} allows: ${dropped.reason}`);
    }
    policy = result.policy;
    bound = `${bound} and ${level.level}`;
  }
  return { policy, narrowed };
}
