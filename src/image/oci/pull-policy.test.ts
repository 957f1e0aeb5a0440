import { describe, expect, it } from "vitest";
import { choosePullPolicies, pullPolicies } from "./pull-policy.js";

describe("choosePullPolicies", () => {
  it("takes the job's policies in order when allowed", () => {
    expect(
      choosePullPolicies({
        requested: ["always", "if-not-present"],
        runnerDefault: [],
        allowed: pullPolicies,
      }),
    ).toEqual({ ok: true, policies: ["always", "if-not-present"] });
  });

  it("falls back to the runner's pull_policy, then to always", () => {
    expect(
      choosePullPolicies({ requested: undefined, runnerDefault: ["never"], allowed: [] }),
    ).toEqual({ ok: true, policies: ["never"] });
    expect(choosePullPolicies({ requested: undefined, runnerDefault: [], allowed: [] })).toEqual({
      ok: true,
      policies: ["always"],
    });
  });

  it("without allowed_pull_policies allows only the runner's own policies", () => {
    const choice = choosePullPolicies({
      requested: ["if-not-present"],
      runnerDefault: [],
      allowed: [],
    });
    expect(choice).toEqual({
      ok: false,
      reason:
        "pull_policy ([if-not-present]) of the job's image is not one of the allowed_pull_policies ([always])",
    });
  });

  it("keeps only the allowed ones of a list, in the job's order", () => {
    expect(
      choosePullPolicies({
        requested: ["if-not-present", "always", "never"],
        runnerDefault: ["always"],
        allowed: ["never", "always"],
      }),
    ).toEqual({ ok: true, policies: ["always", "never"] });
  });
});
