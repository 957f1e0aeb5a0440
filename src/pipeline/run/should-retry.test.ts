import { describe, expect, it } from "vitest";
import type { JobOutcome } from "../../job/job-outcome.js";
import { shouldRetry } from "./should-retry.js";

const failed = (exitCode: number): JobOutcome => ({
  status: "failed",
  failureReason: "script_failure",
  exitCode,
  durationMs: 0,
  dotenv: [],
});

describe("shouldRetry", () => {
  it("retries a listed exit code when retry:when is absent (GitLab: when defaults to none)", () => {
    const policy = { max: 1, when: [], exitCodes: [137] };
    expect(shouldRetry(failed(137), policy, 1)).toBe(true);
    expect(shouldRetry(failed(1), policy, 1)).toBe(false);
    expect(shouldRetry(failed(137), policy, 2)).toBe(false);
  });

  it("retries when either the reason or the exit code matches", () => {
    const policy = { max: 2, when: ["runner_system_failure"], exitCodes: [137] };
    expect(shouldRetry(failed(137), policy, 1)).toBe(true);
    expect(shouldRetry(failed(1), policy, 1)).toBe(false);
    expect(shouldRetry(failed(1), { ...policy, when: ["script_failure"] }, 1)).toBe(true);
  });
});
