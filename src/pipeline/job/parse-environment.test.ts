import { describe, expect, it } from "vitest";
import { jobNode, pipelineFailure } from "./job-node.fixture.js";
import { parseEnvironment } from "./parse-environment.js";

describe("parseEnvironment", () => {
  it("reads a name with action start", () => {
    expect(parseEnvironment(jobNode("environment", "production"))).toEqual({
      name: "production",
      url: undefined,
      action: "start",
      onStop: undefined,
      autoStopIn: undefined,
      deploymentTier: undefined,
    });
  });

  it("reads the documented map", () => {
    expect(
      parseEnvironment(
        jobNode("environment", {
          name: "review/$CI_COMMIT_REF_SLUG",
          url: "https://$CI_ENVIRONMENT_SLUG.example.com/",
          on_stop: "stop_review_app",
          auto_stop_in: "1 day",
          deployment_tier: "staging",
          kubernetes: { agent: "path/to/agent/project:agent-name" },
        }),
      ),
    ).toEqual({
      name: "review/$CI_COMMIT_REF_SLUG",
      url: "https://$CI_ENVIRONMENT_SLUG.example.com/",
      action: "start",
      onStop: "stop_review_app",
      autoStopIn: "1 day",
      deploymentTier: "staging",
    });
  });

  it("reads every action and refuses others", () => {
    for (const action of ["start", "prepare", "stop", "verify", "access"]) {
      expect(parseEnvironment(jobNode("environment", { name: "x", action })).action).toBe(action);
    }
    expect(
      pipelineFailure(() =>
        parseEnvironment(jobNode("environment", { name: "x", action: "deploy" })),
      ).message,
    ).toBe(
      'test:environment:action: expected one of start, prepare, stop, verify, access, got the string "deploy"',
    );
  });

  it("reads deployment tiers, a variable included", () => {
    expect(
      parseEnvironment(jobNode("environment", { name: "x", deployment_tier: "$TIER" }))
        .deploymentTier,
    ).toBe("$TIER");
    expect(
      pipelineFailure(() =>
        parseEnvironment(jobNode("environment", { name: "x", deployment_tier: "prod" })),
      ).message,
    ).toContain("expected one of production, staging, testing, development, other");
  });

  it("requires a valid name", () => {
    expect(
      pipelineFailure(() => parseEnvironment(jobNode("environment", { url: "https://x" }))).message,
    ).toContain("test:environment:name:");
    expect(
      pipelineFailure(() => parseEnvironment(jobNode("environment", "review/"))).message,
    ).toContain("not starting or ending with /");
    expect(
      pipelineFailure(() => parseEnvironment(jobNode("environment", "a|b"))).message,
    ).toContain("expected an environment name");
  });
});
