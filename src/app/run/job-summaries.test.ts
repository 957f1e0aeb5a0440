import { describe, expect, it } from "vitest";
import type { JobOutcome } from "../../job/job-outcome.js";
import { jobSummaries } from "./job-summaries.js";

const outcome = (durationMs: number, exitCode: number): JobOutcome => ({
  status: exitCode === 0 ? "success" : "failed",
  failureReason: exitCode === 0 ? undefined : "script_failure",
  exitCode,
  durationMs,
  dotenv: [],
});

describe("jobSummaries", () => {
  it("adds up the attempts of a retried job and keeps the latest end", () => {
    const summaries = jobSummaries();
    summaries.record("test", outcome(100, 1), "failed", undefined);
    summaries.record("test", outcome(50, 0), "success", "81.5");
    expect(summaries.of("test", "skipped")).toEqual({
      job: "test",
      result: "success",
      durationMs: 150,
      failureReason: undefined,
      exitCode: 0,
      attempts: 2,
      coverage: "81.5",
    });
  });

  it("a job that never ran has no attempt and the result given", () => {
    expect(jobSummaries().of("deploy", "manual")).toMatchObject({
      job: "deploy",
      result: "manual",
      attempts: 0,
      durationMs: undefined,
    });
  });
});
