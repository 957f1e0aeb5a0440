import { describe, expect, it } from "vitest";
import type { JobOutcome } from "../../job/job-outcome.js";
import { runnerJobResult } from "./runner-job-result.js";

const outcome = (status: JobOutcome["status"], exitCode: number | undefined): JobOutcome => ({
  status,
  failureReason: status === "success" ? undefined : "script_failure",
  exitCode,
  durationMs: 1,
  dotenv: [],
});

describe("runnerJobResult", () => {
  it("a success whose artifacts did not upload fails as script_failure", () => {
    expect(runnerJobResult(outcome("success", 0), true)).toEqual({
      state: "success",
      failureReason: undefined,
      exitCode: 0,
    });
    expect(runnerJobResult(outcome("success", 0), false)).toEqual({
      state: "failed",
      failureReason: "script_failure",
      exitCode: 0,
    });
  });

  it("a failure keeps its reason; a cancel has none", () => {
    expect(runnerJobResult(outcome("failed", 2), true).failureReason).toBe("script_failure");
    expect(runnerJobResult(outcome("canceled", undefined), true)).toEqual({
      state: "failed",
      failureReason: undefined,
      exitCode: undefined,
    });
  });
});
