import { afterEach, describe, expect, it } from "vitest";
import {
  startFakeGitlab,
  type FakeGitlab,
  type FakeGitlabOptions,
} from "../../test/fakes/fake-gitlab/fake-gitlab.js";
import type { FakeRunner } from "../../test/fakes/fake-gitlab/fake-state.js";
import { isAirlockError } from "../core/airlock-error.js";
import { downloadArtifact, uploadArtifact } from "./artifacts-api.js";
import { gitlabApi, type GitlabApi } from "./gitlab-api.js";
import type { GitlabJobPayload } from "./gitlab-job-payload.js";
import { patchTrace } from "./patch-trace.js";
import { requestJob } from "./request-job.js";
import { airlockRunnerInfo } from "./runner-info.js";
import { updateJob } from "./update-job.js";

let fake: FakeGitlab | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(
  options: FakeGitlabOptions = {},
): Promise<{ fake: FakeGitlab; api: GitlabApi; runner: FakeRunner }> {
  fake = await startFakeGitlab(options);
  return { fake, api: gitlabApi(fake.url), runner: fake.createRunner() };
}

const info = airlockRunnerInfo("0.1.0");

async function take(api: GitlabApi, runner: FakeRunner): Promise<GitlabJobPayload> {
  const result = await requestJob(api, {
    token: runner.token,
    systemId: "s_0123456789ab",
    lastUpdate: undefined,
    info,
  });
  if (result.kind !== "job") throw new Error(`expected a job, got ${result.kind}`);
  return result.job;
}

const bytes = (text: string) => new TextEncoder().encode(text);

describe("jobs/request", () => {
  it("returns the last update on 204, then a validated job on 201", async () => {
    const { fake, api, runner } = await setup();
    const none = await requestJob(api, {
      token: runner.token,
      systemId: "s_0123456789ab",
      lastUpdate: undefined,
      info,
    });
    expect(none).toEqual({ kind: "none", lastUpdate: "1" });
    const queued = fake.addJob({
      name: "build",
      script: ["make"],
      afterScript: ["echo done"],
      variables: [{ key: "SECRET", value: "hunter2hunter2", masked: true }],
      artifacts: [{ name: "dist", paths: ["dist/"], when: "on_success", expire_in: "1 week" }],
    });
    const job = await take(api, runner);
    expect(job.id).toBe(queued.id);
    expect(job.token).toBe(queued.token);
    expect(job.jobInfo).toMatchObject({ name: "build", stage: "test", projectId: 42 });
    expect(job.steps.map((s) => [s.name, s.script])).toEqual([
      ["script", ["make"]],
      ["after_script", ["echo done"]],
    ]);
    expect(job.variables.find((v) => v.key === "SECRET")).toMatchObject({ masked: true });
    expect(job.artifacts[0]).toMatchObject({ paths: ["dist/"], artifactType: "archive" });
    expect(job.image).toBeUndefined();
    expect(job.timeoutSeconds).toBe(3600);
    const request = fake.jobRequests.at(-1);
    expect(request?.systemId).toBe("s_0123456789ab");
    expect(request?.info).toMatchObject({ name: "airlock", features: { cancelable: true } });
  });

  it("says 409 is a conflict, 403 a refused token, and an invalid payload where", async () => {
    const { fake, api, runner } = await setup();
    const ask = () =>
      requestJob(api, { token: runner.token, systemId: "s_1", lastUpdate: "1", info });
    fake.injectFault("request", { status: 409 });
    expect(await ask()).toEqual({ kind: "conflict" });
    const bad = fake.addJob({ raw: { git_info: { repo_url: "x", ref: "main", sha: 7 } } });
    const invalid = await ask();
    expect(invalid).toMatchObject({ kind: "invalid", jobId: bad.id, jobToken: bad.token });
    if (invalid.kind !== "invalid") throw new Error("expected an invalid job");
    expect(invalid.error.message).toBe("job payload: git_info.sha: expected a string, got number");
    fake.addJob({ raw: { id: "not a number" } });
    await expect(ask()).rejects.toThrow("job payload: id: expected an integer, got string");
    fake.revokeRunner(runner.id);
    await expect(ask()).rejects.toMatchObject({ code: "AIRLOCK_E_GITLAB_FORBIDDEN" });
  });
});

describe("trace and final update", () => {
  it("appends, resyncs on 416, learns of a cancel, and retries on 202", async () => {
    const { fake, api, runner } = await setup({ traceUpdateInterval: 4 });
    const queued = fake.addJob();
    const job = await take(api, runner);
    const send = (offset: number, text: string) =>
      patchTrace(api, { jobId: job.id, jobToken: job.token, offset, bytes: bytes(text) });
    expect(await send(0, "line 1\n")).toEqual({
      kind: "accepted",
      remoteLength: 7,
      jobStatus: "running",
      updateIntervalSeconds: 4,
    });
    expect(await send(3, "again\n")).toEqual({ kind: "range-mismatch", remoteLength: 7 });
    fake.injectFault("trace", { status: 416 });
    expect(await send(7, "x")).toEqual({ kind: "range-mismatch", remoteLength: 7 });
    fake.injectFault("trace", { status: 500 });
    await expect(send(7, "x")).rejects.toMatchObject({ code: "AIRLOCK_E_GITLAB_API" });
    fake.cancelJob(job.id, "canceling");
    expect(await send(7, "line 2\n")).toMatchObject({ kind: "accepted", jobStatus: "canceling" });
    fake.cancelJob(job.id, "canceled");
    expect(await send(14, "late\n")).toEqual({ kind: "aborted", jobStatus: "canceled" });
    expect(fake.traceOf(queued.id)).toBe("line 1\nline 2\n");
  });

  it("repeats a final PUT answered 202 until 200, with checksum and size", async () => {
    const { fake, api, runner } = await setup({ finalUpdateAccepts: 2, traceUpdateInterval: 1 });
    const queued = fake.addJob();
    const job = await take(api, runner);
    await patchTrace(api, { jobId: job.id, jobToken: job.token, offset: 0, bytes: bytes("ok\n") });
    const final = {
      jobId: job.id,
      jobToken: job.token,
      state: "success",
      exitCode: 0,
      output: { checksum: fake.checksumOf(job.id), bytesize: 3 },
    } as const;
    expect(await updateJob(api, final)).toEqual({ kind: "retry", afterSeconds: 1 });
    expect(await updateJob(api, final)).toEqual({ kind: "retry", afterSeconds: 1 });
    expect(await updateJob(api, final)).toEqual({ kind: "done", jobStatus: "success" });
    expect(queued.updates.at(-1)).toMatchObject({ checksum: final.output.checksum, bytesize: 3 });
    expect(await updateJob(api, { ...final, jobToken: "wrong" })).toMatchObject({
      kind: "aborted",
    });
  });
});

describe("artifacts", () => {
  it("uploads an archive and downloads it as a dependency, through a redirect", async () => {
    const { fake, api, runner } = await setup({ redirectArtifacts: true, maxArtifactBytes: 10 });
    fake.addJob({ name: "build" });
    const build = await take(api, runner);
    const upload = {
      jobId: build.id,
      jobToken: build.token,
      filename: "artifacts.zip",
      content: bytes("PK\u0003\u0004zip"),
      artifactType: "archive",
      artifactFormat: "zip",
      expireIn: "1 week",
    };
    expect(await uploadArtifact(api, upload)).toBe("created");
    expect(await uploadArtifact(api, { ...upload, content: bytes("x".repeat(11)) })).toBe(
      "too-large",
    );
    fake.addJob({ name: "test" });
    const test = await take(api, runner);
    const archive = await downloadArtifact(api, { id: build.id, token: test.token });
    expect(new TextDecoder().decode(archive)).toBe("PK\u0003\u0004zip");
    expect(fake.storageRequests).toEqual([{ jobToken: undefined }]);
    expect(await downloadArtifact(api, { id: test.id, token: test.token })).toBeUndefined();
    try {
      await downloadArtifact(api, { id: build.id, token: "stranger" });
      throw new Error("expected a refusal");
    } catch (error: unknown) {
      expect(isAirlockError(error) && error.code).toBe("AIRLOCK_E_GITLAB_FORBIDDEN");
    }
  });
});
