import { describe, expect, it } from "vitest";
import { AirlockError } from "../../core/airlock-error.js";
import { jobErrorFailure } from "./job-error-failure.js";

describe("jobErrorFailure", () => {
  it("reports a repository's get_sources failure as script_failure, as GitLab Runner does", () => {
    expect(jobErrorFailure(new AirlockError("AIRLOCK_E_GIT_SOURCES", "no commit")).reason).toBe(
      "script_failure",
    );
  });

  it("reports anything else as the runner's failure", () => {
    expect(jobErrorFailure(new AirlockError("AIRLOCK_E_GITLAB_API", "x")).reason).toBe(
      "runner_system_failure",
    );
    expect(jobErrorFailure(new Error("bug")).line).toContain("runner_system_failure");
  });
});
