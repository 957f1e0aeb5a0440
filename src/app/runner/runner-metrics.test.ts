import { describe, expect, it } from "vitest";
import { runnerMetrics } from "./runner-metrics.js";

describe("runnerMetrics", () => {
  it("counts jobs by state and reason, and tracks running jobs and latencies", async () => {
    const metrics = runnerMetrics();
    metrics.jobStarted("ci-1", 4);
    metrics.jobStarted("ci-1", undefined);
    metrics.sandboxCreated("container", 0.07);
    metrics.jobFinished("ci-1", "failed", "script_failure", 12);
    metrics.apiError("ci-1", "request");
    const text = await metrics.registry.metrics();
    expect(text).toMatch(
      /^airlock_runner_jobs_total\{runner="ci-1",state="failed",failure_reason="script_failure"\} 1$/m,
    );
    expect(text).toMatch(/^airlock_runner_jobs_running\{runner="ci-1"\} 1$/m);
    expect(text).toMatch(/^airlock_runner_job_queue_seconds_count\{runner="ci-1"\} 1$/m);
    expect(text).toMatch(/^airlock_runner_job_queue_seconds_sum\{runner="ci-1"\} 4$/m);
    expect(text).toMatch(
      /^airlock_runner_sandbox_create_seconds_bucket\{le="0.1",backend="container"\} 1$/m,
    );
    expect(text).toMatch(
      /^airlock_runner_job_duration_seconds_bucket\{le="15",runner="ci-1",state="failed"\} 1$/m,
    );
    expect(text).toMatch(/^airlock_runner_api_errors_total\{runner="ci-1",kind="request"\} 1$/m);
    expect(text).toContain("process_cpu_seconds_total");
  });
});
