import type { RawNode } from "../raw/raw-node.js";
import { readOneOf } from "./read-one-of.js";

export type PullPolicy = "always" | "if-not-present" | "never";

const pullPolicies: readonly PullPolicy[] = ["always", "if-not-present", "never"];

/** `pull_policy`: one policy or a non-empty list of them, in the runner's order of preference. */
export function readPullPolicy(node: RawNode): readonly PullPolicy[] {
  if (!node.isList) return [readOneOf(node, pullPolicies)];
  const policies = node.items().map((item) => readOneOf(item, pullPolicies));
  if (policies.length === 0)
    throw node.fail("expected at least one pull policy, got an empty list");
  return policies;
}
