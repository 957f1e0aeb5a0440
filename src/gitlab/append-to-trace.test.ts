import { afterEach, describe, expect, it } from "vitest";
import { startFakeGitlab, type FakeGitlab } from "../../test/fakes/fake-gitlab/fake-gitlab.js";
import { appendToTrace } from "./append-to-trace.js";
import { gitlabApi } from "./gitlab-api.js";
import { patchTrace } from "./patch-trace.js";

let fake: FakeGitlab | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe("appendToTrace", () => {
  it("appends after the log GitLab holds, without knowing its length", async () => {
    fake = await startFakeGitlab();
    const runner = fake.createRunner();
    const job = fake.addJob();
    await fetch(`${fake.url}/api/v4/jobs/request`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ token: runner.token }),
    });
    const api = gitlabApi(fake.url);
    const credentials = { jobId: job.id, jobToken: job.token };
    const first = new TextEncoder().encode("line one\n");
    await patchTrace(api, { ...credentials, offset: 0, bytes: first });
    expect(await appendToTrace(api, credentials, "the end\n")).toBe(true);
    expect(fake.traceOf(job.id)).toBe("line one\nthe end\n");
    fake.cancelJob(job.id, "canceled");
    expect(await appendToTrace(api, credentials, "more\n")).toBe(false);
    expect(fake.traceOf(job.id)).toBe("line one\nthe end\n");
  });
});
