import { describe, expect, it } from "vitest";
import { decideJob, type Predecessor } from "./decide-job.js";
import type { PlanResult } from "./plan-job.js";

const after = (...results: (PlanResult | undefined)[]): Predecessor[] =>
  results.map((result) => ({ result, blocking: false }));

describe("decideJob", () => {
  it("waits until every predecessor is final", () => {
    expect(decideJob("always", after("success", undefined), false)).toBe("wait");
  });

  it("on_success runs after successes, allowed failures, skipped and non-blocking manual jobs", () => {
    expect(
      decideJob("on_success", after("success", "allowed_failure", "skipped", "manual"), false),
    ).toBe("run");
    expect(decideJob("on_success", [], false)).toBe("run");
  });

  it("on_success is skipped after a failure or a cancel", () => {
    expect(decideJob("on_success", after("success", "failed"), false)).toBe("skip");
    expect(decideJob("on_success", after("canceled"), false)).toBe("skip");
  });

  it("on_failure runs only after a failure", () => {
    expect(decideJob("on_failure", after("failed", "success"), false)).toBe("run");
    expect(decideJob("on_failure", after("allowed_failure"), false)).toBe("skip");
    expect(decideJob("on_failure", [], false)).toBe("skip");
  });

  it("always runs whatever happened", () => {
    expect(decideJob("always", after("failed", "canceled"), false)).toBe("run");
  });

  it("manual waits for the user unless asked to start; after a failure it is skipped", () => {
    expect(decideJob("manual", after("success"), false)).toBe("manual");
    expect(decideJob("manual", after("success"), true)).toBe("run");
    expect(decideJob("manual", after("failed"), true)).toBe("skip");
    expect(decideJob("manual", after("failed"), false)).toBe("skip");
  });

  it("a blocking manual job that was not started holds every later job, whatever its when", () => {
    const blocking: Predecessor[] = [{ result: "manual", blocking: true }];
    expect(decideJob("on_success", blocking, false)).toBe("block");
    expect(decideJob("always", blocking, false)).toBe("block");
    expect(decideJob("on_failure", after("blocked"), false)).toBe("block");
  });

  it("a job that needs a manual job waits for it even when that job is not blocking", () => {
    expect(decideJob("on_success", after("manual"), false, true)).toBe("block");
    expect(decideJob("on_success", after("manual"), false, false)).toBe("run");
  });
});
