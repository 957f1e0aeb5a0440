import type { CachePolicy } from "../../job/job-spec.js";
import type { RawNode } from "../raw/raw-node.js";
import { readString } from "../raw/read-scalar.js";

/** A policy, or text with CI/CD variables to expand when the job runs (`$CACHE_POLICY`). */
export type CachePolicyConfig =
  CachePolicy | { readonly expression: string; readonly node: RawNode };

export const cachePolicies: readonly CachePolicy[] = ["pull", "push", "pull-push"];

/** `cache:policy`: `pull`, `push`, `pull-push`, or text holding a variable (`$`). */
export function readCachePolicy(node: RawNode): CachePolicyConfig {
  const expected = `one of ${cachePolicies.join(", ")} or a CI/CD variable`;
  const text = readString(node, expected);
  const policy = cachePolicies.find((candidate) => candidate === text);
  if (policy !== undefined) return policy;
  if (text.includes("$")) return { expression: text, node };
  throw node.fail(`expected ${expected}, got ${JSON.stringify(text)}`);
}
