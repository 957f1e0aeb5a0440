/** GitLab's image pull policies (`pull_policy`, `allowed_pull_policies`). */
export type PullPolicy = "always" | "if-not-present" | "never";

export const pullPolicies: readonly PullPolicy[] = ["always", "if-not-present", "never"];

export type PullPolicyChoice =
  | { readonly ok: true; readonly policies: readonly PullPolicy[] }
  | { readonly ok: false; readonly reason: string };

/**
 * The policies a job's image is obtained with, in the order they are tried, as GitLab Runner
 * decides them: the job's `pull_policy` (else the runner's `pull_policy`, else `always`)
 * kept only where `allowed` (the runner's `allowed_pull_policies`; empty: only the runner's
 * own `pull_policy`, or `always`) permits. Nothing left is a refusal naming both lists.
 * Pure, so `airlock run` (which allows all three) and the runner share it.
 */
export function choosePullPolicies(input: {
  readonly requested: readonly PullPolicy[] | undefined;
  readonly runnerDefault: readonly PullPolicy[];
  readonly allowed: readonly PullPolicy[];
}): PullPolicyChoice {
  const runner: readonly PullPolicy[] =
    input.runnerDefault.length > 0 ? input.runnerDefault : ["always"];
  const wanted =
    input.requested !== undefined && input.requested.length > 0 ? input.requested : runner;
  const allowed = input.allowed.length > 0 ? input.allowed : runner;
  const policies = [...new Set(wanted.filter((policy) => allowed.includes(policy)))];
  if (policies.length === 0) {
    const from = input.requested === undefined ? "the runner's config" : "the job's image";
    return {
      ok: false,
      reason: `pull_policy ([${wanted.join(" ")}]) of ${from} is not one of the allowed_pull_policies ([${allowed.join(" ")}])`,
    };
  }
  return { ok: true, policies };
}
