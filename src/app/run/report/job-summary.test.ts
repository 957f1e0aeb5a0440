import { describe, expect, it } from "vitest";
import { formatDuration, formatSummary } from "./job-summary.js";

describe("formatSummary", () => {
  it("prints PASS, FAIL and WARN lines in the issue's format, names aligned", () => {
    const lines = formatSummary([
      {
        job: "build",
        result: "success",
        durationMs: 1200,
        failureReason: undefined,
        exitCode: 0,
        attempts: 1,
        coverage: "85.5",
      },
      {
        job: "lint-all",
        result: "allowed_failure",
        durationMs: 300,
        failureReason: "script_failure",
        exitCode: 3,
        attempts: 1,
        coverage: undefined,
      },
      {
        job: "test",
        result: "failed",
        durationMs: 400,
        failureReason: "script_failure",
        exitCode: 1,
        attempts: 2,
        coverage: undefined,
      },
      {
        job: "deploy",
        result: "skipped",
        durationMs: undefined,
        failureReason: undefined,
        exitCode: undefined,
        attempts: 0,
        coverage: undefined,
      },
    ]);
    expect(lines).toEqual([
      " PASS  build       1.2s coverage 85.5%",
      " WARN  lint-all    0.3s script_failure (exit code 3)",
      " FAIL  test        0.4s script_failure (exit code 1) (2 attempts)",
      " SKIP  deploy",
    ]);
  });

  it("formats durations", () => {
    expect(formatDuration(400)).toBe("0.4s");
    expect(formatDuration(125_000)).toBe("2m05s");
  });
});
