import { describe, expect, it } from "vitest";
import { jobNode, pipelineFailure } from "./job-node.fixture.js";
import { parseCache } from "./parse-cache.js";
import { resolveCachePolicy } from "./resolve-cache-policy.js";

describe("resolveCachePolicy", () => {
  it("expands a variable policy and checks the result", () => {
    const [cache] = parseCache(jobNode("cache", { policy: "$POLICY" }));
    if (cache === undefined) throw new Error("no cache");
    expect(resolveCachePolicy(cache.policy, () => "pull")).toBe("pull");
    expect(pipelineFailure(() => resolveCachePolicy(cache.policy, () => "nope")).message).toBe(
      'test:cache:policy: expected $POLICY to expand to one of pull, push, pull-push, got "nope"',
    );
    expect(resolveCachePolicy("push", () => "pull")).toBe("push");
  });
});
