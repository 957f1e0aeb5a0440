import { describe, expect, it } from "vitest";
import { evaluateJobInclusion } from "./evaluate-job-inclusion.js";
import { parseJobInclusion } from "./parse-job-inclusion.js";
import { nodeAt, pipelineFailure } from "./rules-node.fixture.js";

const job = (value: Record<string, unknown>) => nodeAt({ test: value }, ["test"]);

const context = (source: string, variables: Record<string, string> = {}) => ({
  ref: "feature",
  isTag: false,
  source,
  variables: new Map(Object.entries(variables)),
  changes: () => true,
  exists: () => true,
});

describe("job inclusion", () => {
  it("uses only: [branches, tags] for a job without rules, only or except", () => {
    const inclusion = parseJobInclusion(job({ script: "echo" }));
    expect(inclusion.kind).toBe("only-except");
    expect(evaluateJobInclusion(inclusion, context("push"))?.when).toBe("absent");
    expect(evaluateJobInclusion(inclusion, context("merge_request_event"))).toBeUndefined();
  });

  it("uses rules when present", () => {
    const inclusion = parseJobInclusion(
      job({ rules: [{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }] }),
    );
    expect(
      evaluateJobInclusion(
        inclusion,
        context("merge_request_event", { CI_PIPELINE_SOURCE: "merge_request_event" }),
      )?.when,
    ).toBe("absent");
    expect(
      evaluateJobInclusion(inclusion, context("push", { CI_PIPELINE_SOURCE: "push" })),
    ).toBeUndefined();
  });

  it("rejects rules together with only or except", () => {
    const error = pipelineFailure(() =>
      parseJobInclusion(job({ rules: [{ when: "always" }], only: ["main"], except: ["tags"] })),
    );
    expect(error.message).toBe("test:only: config key may not be used with `rules`: only, except");
    expect(error.fix).toMatch(/rules:if/);
  });
});
