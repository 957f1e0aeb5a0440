import { afterEach, describe, expect, it } from "vitest";
import { startFakeGitlab, type FakeGitlab } from "../../test/fakes/fake-gitlab/fake-gitlab.js";
import { gitlabApi } from "./gitlab-api.js";
import { reportFinalState } from "./report-final-state.js";
import { supportedFailureReason } from "./supported-failure-reason.js";

let fake: FakeGitlab | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function runningJob(accepts: number) {
  fake = await startFakeGitlab({ finalUpdateAccepts: accepts, traceUpdateInterval: 7 });
  const runner = fake.createRunner();
  const job = fake.addJob();
  await fetch(`${fake.url}/api/v4/jobs/request`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ token: runner.token }),
  });
  return { fake, job };
}

describe("reportFinalState", () => {
  it("repeats after 202s (waiting what GitLab asks) and 5xx until GitLab records the state", async () => {
    const { fake, job } = await runningJob(2);
    fake.injectFault("update", { status: 502 });
    const waits: number[] = [];
    const report = await reportFinalState(
      gitlabApi(fake.url),
      {
        jobId: job.id,
        jobToken: job.token,
        state: "failed",
        failureReason: "script_failure",
        exitCode: 2,
      },
      { retryMs: 50, errorAttempts: 3, sleep: (ms) => (waits.push(ms), Promise.resolve()) },
    );
    expect(report).toBe("recorded");
    expect(job.updates.map((u) => u.answered)).toEqual([502, 202, 202, 200]);
    expect(waits).toEqual([50, 7000, 7000]);
    expect(job.status).toBe("failed");
  });

  it("stops when the job is already over in GitLab, and gives up after the error attempts", async () => {
    const { fake, job } = await runningJob(0);
    const api = gitlabApi(fake.url);
    const update = { jobId: job.id, jobToken: job.token, state: "success" } as const;
    const options = { retryMs: 1, errorAttempts: 2, sleep: () => Promise.resolve() };
    fake.injectFault("update", { status: 500 }, 2);
    await expect(reportFinalState(api, update, options)).rejects.toMatchObject({
      code: "AIRLOCK_E_GITLAB_API",
    });
    fake.cancelJob(job.id, "canceled");
    expect(await reportFinalState(api, update, options)).toBe("job-gone");
  });
});

describe("supportedFailureReason", () => {
  it("keeps a reason GitLab lists and sends unknown_failure for one it does not", () => {
    expect(supportedFailureReason("script_failure", ["script_failure"])).toBe("script_failure");
    expect(supportedFailureReason("out_of_memory", ["script_failure"])).toBe("unknown_failure");
    expect(supportedFailureReason("out_of_memory", [])).toBe("out_of_memory");
    expect(supportedFailureReason(undefined, ["script_failure"])).toBeUndefined();
  });
});
