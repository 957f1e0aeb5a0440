/**
 * The fake GitLab answers as the protocol doc says, checked with raw HTTP so the client
 * under test elsewhere cannot hide a fake's mistake. Loopback only.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeGitlab, type FakeGitlab } from "./fake-gitlab.js";

let fake: FakeGitlab;
beforeEach(async () => {
  fake = await startFakeGitlab({ registrationTokens: ["reg-token"], traceUpdateInterval: 3 });
});
afterEach(async () => {
  await fake.close();
});

const post = (path: string, body: unknown, method = "POST") =>
  fetch(`${fake.url}/api/v4${path}`, {
    method,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });

describe("fake GitLab", () => {
  it("registers, verifies with a system_id, rotates and deletes runners", async () => {
    const registered = await post("/runners", { token: "reg-token", tag_list: "a, b" });
    expect(registered.status).toBe(201);
    const { token } = (await registered.json()) as { token: string };
    expect(fake.runners[0]?.tags).toEqual(["a", "b"]);
    expect((await post("/runners", { token: "wrong" })).status).toBe(403);
    const verified = await post("/runners/verify", { token, system_id: "s_0123456789ab" });
    expect(verified.status).toBe(200);
    expect(fake.runners[0]?.managers.has("s_0123456789ab")).toBe(true);
    const reset = await post("/runners/reset_authentication_token", { token });
    expect(reset.status).toBe(201);
    const rotated = ((await reset.json()) as { token: string }).token;
    expect((await post("/runners/verify", { token })).status).toBe(403);
    expect((await post("/runners", { token: rotated }, "DELETE")).status).toBe(204);
    expect((await post("/runners/verify", { token: rotated })).status).toBe(403);
  });

  it("answers 204 with X-GitLab-Last-Update, then 201 with a queued job", async () => {
    const runner = fake.createRunner();
    const empty = await post("/jobs/request", { token: runner.token });
    expect(empty.status).toBe(204);
    expect(empty.headers.get("x-gitlab-last-update")).toBe("1");
    const job = fake.addJob({ script: ["make"] });
    const offered = await post("/jobs/request", { token: runner.token, last_update: "1" });
    expect(offered.status).toBe(201);
    expect(((await offered.json()) as { id: number }).id).toBe(job.id);
    expect(job.status).toBe("running");
  });

  it("checks Content-Range, answers 416 with what it holds, and reports a cancel", async () => {
    const runner = fake.createRunner();
    const job = fake.addJob();
    await post("/jobs/request", { token: runner.token });
    const patch = (range: string, text: string, token = job.token) =>
      fetch(`${fake.url}/api/v4/jobs/${job.id}/trace`, {
        method: "PATCH",
        headers: { "JOB-TOKEN": token, "Content-Range": range, "Content-Type": "text/plain" },
        body: text,
      });
    const first = await patch("0-5", "hello\n");
    expect(first.status).toBe(202);
    expect(first.headers.get("range")).toBe("0-6");
    expect(first.headers.get("job-status")).toBe("running");
    const gap = await patch("10-11", "x\n");
    expect(gap.status).toBe(416);
    expect(gap.headers.get("range")).toBe("0-6");
    expect((await patch("6-7", "x\n", "wrong")).status).toBe(403);
    fake.cancelJob(job.id, "canceling");
    expect((await patch("6-7", "x\n")).headers.get("job-status")).toBe("canceling");
    fake.cancelJob(job.id, "canceled");
    const canceled = await patch("8-9", "y\n");
    expect(canceled.status).toBe(403);
    expect(canceled.headers.get("job-status")).toBe("canceled");
    expect(fake.traceOf(job.id)).toBe("hello\nx\n");
  });

  it("answers a final PUT 202 before 200 and refuses a wrong job token", async () => {
    const runner = fake.createRunner();
    const job = fake.addJob();
    await post("/jobs/request", { token: runner.token });
    const put = (token: string) =>
      post(`/jobs/${job.id}`, { token, state: "success", exit_code: 0 }, "PUT");
    expect((await put("wrong")).status).toBe(403);
    const accepted = await put(job.token);
    expect(accepted.status).toBe(202);
    expect(accepted.headers.get("x-gitlab-trace-update-interval")).toBe("3");
    expect((await put(job.token)).status).toBe(200);
    expect(job.status).toBe("success");
    expect(job.updates.map((u) => u.answered)).toEqual([202, 200]);
  });

  it("stores an uploaded archive and serves it to a dependent job", async () => {
    const runner = fake.createRunner();
    const build = fake.addJob({ name: "build" });
    await post("/jobs/request", { token: runner.token });
    const form = new FormData();
    form.append("file", new Blob(["PK-zip"]), "artifacts.zip");
    const upload = await fetch(
      `${fake.url}/api/v4/jobs/${build.id}/artifacts?artifact_format=zip&artifact_type=archive&expire_in=1+week`,
      { method: "POST", headers: { "JOB-TOKEN": build.token }, body: form },
    );
    expect(upload.status).toBe(201);
    expect(build.artifacts[0]?.expireIn).toBe("1 week");
    const test = fake.addJob({ name: "test" });
    await post("/jobs/request", { token: runner.token });
    const download = await fetch(`${fake.url}/api/v4/jobs/${build.id}/artifacts`, {
      headers: { "JOB-TOKEN": test.token },
    });
    expect(download.status).toBe(200);
    expect(await download.text()).toBe("PK-zip");
    const stranger = await fetch(`${fake.url}/api/v4/jobs/${build.id}/artifacts`, {
      headers: { "JOB-TOKEN": "nope" },
    });
    expect(stranger.status).toBe(403);
  });

  it("serves injected faults once each", async () => {
    const runner = fake.createRunner();
    fake.injectFault("request", { status: 502 }, 2);
    expect((await post("/jobs/request", { token: runner.token })).status).toBe(502);
    expect((await post("/jobs/request", { token: runner.token })).status).toBe(502);
    expect((await post("/jobs/request", { token: runner.token })).status).toBe(204);
  });
});
