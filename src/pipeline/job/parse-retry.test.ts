import { describe, expect, it } from "vitest";
import { jobNode, pipelineFailure } from "./job-node.fixture.js";
import { parseRetry } from "./parse-retry.js";

describe("parseRetry", () => {
  it("reads 0, 1 or 2 as retries on any failure", () => {
    expect(parseRetry(jobNode("retry", 2))).toEqual({ max: 2, when: ["always"], exitCodes: [] });
    expect(parseRetry(jobNode("retry", 0)).max).toBe(0);
  });

  it("refuses more than 2 retries", () => {
    expect(pipelineFailure(() => parseRetry(jobNode("retry", 3))).message).toBe(
      "test:retry: expected a whole number from 0 to 2, got the number 3",
    );
    expect(pipelineFailure(() => parseRetry(jobNode("retry", { max: 5 }))).message).toContain(
      "test:retry:max:",
    );
  });

  it("reads the documented map with when and exit_codes", () => {
    expect(
      parseRetry(jobNode("retry", { max: 2, when: "runner_system_failure", exit_codes: 137 })),
    ).toEqual({
      max: 2,
      when: ["runner_system_failure"],
      exitCodes: [137],
    });
    expect(
      parseRetry(
        jobNode("retry", { max: 2, when: ["runner_system_failure", "stuck_or_timeout_failure"] }),
      ).when,
    ).toEqual(["runner_system_failure", "stuck_or_timeout_failure"]);
  });

  it("retries only the listed exit codes when when is absent", () => {
    expect(parseRetry(jobNode("retry", { max: 1, exit_codes: [255, 137] }))).toEqual({
      max: 1,
      when: [],
      exitCodes: [255, 137],
    });
  });

  it("accepts every documented failure type", () => {
    const documented = [
      "always",
      "unknown_failure",
      "script_failure",
      "api_failure",
      "stuck_or_timeout_failure",
      "runner_system_failure",
      "runner_unsupported",
      "stale_schedule",
      "job_execution_timeout",
      "archived_failure",
      "unmet_prerequisites",
      "scheduler_failure",
      "data_integrity_failure",
    ];
    expect(parseRetry(jobNode("retry", { max: 1, when: documented })).when).toEqual(documented);
  });

  it("refuses an unknown failure type and unknown keys", () => {
    expect(
      pipelineFailure(() => parseRetry(jobNode("retry", { max: 1, when: ["flaky"] }))).message,
    ).toContain("test:retry:when:0: expected one of always, unknown_failure");
    expect(pipelineFailure(() => parseRetry(jobNode("retry", { max: 1, whn: "always" }))).fix).toBe(
      'Did you mean "when"?',
    );
  });
});
