import { describe, expect, it } from "vitest";
import { scriptOutcome } from "./script-outcome.js";

describe("scriptOutcome", () => {
  it("exit 0 is success", () => {
    expect(scriptOutcome({ end: "exited", exitCode: 0 }, 1000)).toEqual({
      status: "success",
      failureReason: undefined,
      exitCode: 0,
      message: "Job succeeded",
    });
  });

  it("a non-zero exit is a script_failure that keeps the exit code", () => {
    expect(scriptOutcome({ end: "exited", exitCode: 3 }, 1000)).toEqual({
      status: "failed",
      failureReason: "script_failure",
      exitCode: 3,
      message: "ERROR: Job failed: exit code 3",
    });
    expect(scriptOutcome({ end: "signaled", exitCode: 137 }, 1000).failureReason).toBe(
      "script_failure",
    );
  });

  it("a timeout is job_execution_timeout, worded as the runner", () => {
    expect(scriptOutcome({ end: "timeout", exitCode: 137 }, 3_600_000)).toEqual({
      status: "failed",
      failureReason: "job_execution_timeout",
      exitCode: undefined,
      message: "ERROR: Job failed: execution took longer than 1h0m0s seconds",
    });
  });

  it("oom is out_of_memory, aborted is canceled", () => {
    expect(scriptOutcome({ end: "oom", exitCode: 137 }, 1).failureReason).toBe("out_of_memory");
    expect(scriptOutcome({ end: "aborted", exitCode: 143 }, 1)).toMatchObject({
      status: "canceled",
      failureReason: undefined,
    });
  });
});
