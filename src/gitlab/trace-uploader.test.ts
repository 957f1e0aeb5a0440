import { afterEach, describe, expect, it } from "vitest";
import { startFakeGitlab, type FakeGitlab } from "../../test/fakes/fake-gitlab/fake-gitlab.js";
import type { FakeJob } from "../../test/fakes/fake-gitlab/fake-state.js";
import { gitlabApi } from "./gitlab-api.js";
import { TraceUploader, type RemoteJobState, type TraceUploaderOptions } from "./trace-uploader.js";

let fake: FakeGitlab | undefined;
const uploaders: TraceUploader[] = [];
afterEach(async () => {
  for (const uploader of uploaders.splice(0)) await uploader.finish(1, 0);
  await fake?.close();
  fake = undefined;
});

/** A fake GitLab with one running job and an uploader for it (no periodic sends). */
async function setup(
  options: Partial<TraceUploaderOptions> = {},
): Promise<{ fake: FakeGitlab; job: FakeJob; uploader: TraceUploader; states: RemoteJobState[] }> {
  fake = await startFakeGitlab();
  const runner = fake.createRunner();
  const job = fake.addJob();
  await fetch(`${fake.url}/api/v4/jobs/request`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ token: runner.token }),
  });
  const states: RemoteJobState[] = [];
  const uploader = new TraceUploader({
    api: gitlabApi(fake.url),
    jobId: job.id,
    jobToken: job.token,
    secrets: ["hunter2hunter2"],
    outputLimitBytes: 4096 * 1024,
    intervalMs: 3_600_000,
    onRemoteState: (state) => states.push(state),
    ...options,
  });
  uploaders.push(uploader);
  return { fake, job, uploader, states };
}

describe("TraceUploader", () => {
  it("masks a secret split across writes and flushes, and reports the checksum", async () => {
    const { fake, job, uploader } = await setup();
    uploader.write("token: hunter2");
    await uploader.flush();
    uploader.write("hunter2 done\n");
    await uploader.flush();
    const summary = await uploader.finish();
    expect(fake.traceOf(job.id)).toBe("token: [MASKED] done\n");
    expect(summary).toEqual({
      checksum: fake.checksumOf(job.id),
      bytesize: Buffer.byteLength("token: [MASKED] done\n"),
    });
    expect(job.patches.length).toBeGreaterThanOrEqual(1);
  });

  it("resends from the length a 416's Range names", async () => {
    const { fake, job, uploader } = await setup();
    uploader.line("first");
    await uploader.flush();
    fake.injectFault("trace", { status: 416, headers: { Range: "0-0" } });
    uploader.line("second");
    await uploader.flush();
    await uploader.finish();
    expect(fake.traceOf(job.id)).toBe("first\nsecond\n");
    expect(job.patches.map((p) => [p.range, p.answered])).toEqual([
      ["0-5", 202],
      ["6-12", 416],
      ["0-12", 416],
      ["6-12", 202],
    ]);
  });

  it("keeps the bytes through a 5xx and sends them with the next attempt", async () => {
    const errors: unknown[] = [];
    const { fake, job, uploader } = await setup({ onError: (e) => errors.push(e) });
    fake.injectFault("trace", { status: 502 });
    uploader.line("kept");
    await uploader.flush();
    expect(fake.traceOf(job.id)).toBe("");
    expect(errors).toHaveLength(1);
    await uploader.finish(3, 0);
    expect(fake.traceOf(job.id)).toBe("kept\n");
  });

  it("cuts the log at output_limit with GitLab Runner's notice, once", async () => {
    const { fake, job, uploader } = await setup({ outputLimitBytes: 10 });
    uploader.write("0123456");
    uploader.write("789abcdef");
    uploader.write("more");
    await uploader.finish();
    expect(fake.traceOf(job.id)).toBe(
      "0123456789\n\x1b[33;1mJob's log exceeded limit of 10 bytes.\n" +
        "Job execution will continue but no more output will be collected.\x1b[0;m\n",
    );
  });

  it("reports canceling from a trace answer, then aborted once the job is canceled", async () => {
    const { fake, job, uploader, states } = await setup();
    fake.cancelJob(job.id, "canceling");
    uploader.line("a");
    await uploader.flush();
    expect(states).toEqual(["canceling"]);
    fake.cancelJob(job.id, "canceled");
    uploader.line("b");
    await uploader.flush();
    expect(states).toEqual(["canceling", "aborted"]);
  });

  it("asks for the job's status with a keep-alive while the log is silent", async () => {
    let seen: (state: RemoteJobState) => void = () => undefined;
    const reported = new Promise<RemoteJobState>((resolve) => (seen = resolve));
    const { fake, job } = await setup({ intervalMs: 10, onRemoteState: (s) => seen(s) });
    fake.cancelJob(job.id, "canceling");
    expect(await reported).toBe("canceling");
    expect(job.updates.some((u) => u.state === "running")).toBe(true);
  });
});
