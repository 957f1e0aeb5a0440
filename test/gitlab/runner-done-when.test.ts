/**
 * Issue 7's "done when", as an operator sees it: `airlock register` and `airlock runner`
 * (the built CLI, real signals) against the fake GitLab on 127.0.0.1 run a three-job
 * pipeline in container sandboxes (an artifact passed on, a cache reused, one job canceled
 * while it runs); the fake holds complete, masked logs and the right final states, and
 * `/metrics` answers. Then the runner is killed with SIGKILL in the middle of a job and
 * started again: the job is reported failed (`runner_system_failure`) from its in-flight
 * record and its sandbox is swept (nothing of it left on the host).
 */
import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stateDir } from "../../src/core/state-dir.js";
import { sandboxesDir } from "../../src/sandbox/container/container-paths.js";
import { leftoversOf } from "../../src/sandbox/container/teardown.host.js";
import { startFakeGitlab, type FakeGitlab } from "../fakes/fake-gitlab/fake-gitlab.js";
import { missingRootFeature, reportSkip } from "../support/host-features.js";
import { finished, makeRepository, waitFor } from "./runner-fixture.js";

const skip = missingRootFeature();
reportSkip("airlock runner done-when", skip);
const repo = join(import.meta.dirname, "..", "..");
const cli = join(repo, "dist", "cli", "main.js");
const scratch = mkdtempSync(join(tmpdir(), "airlock-done-when-"));
// A project of its own, so the cache job 2 restores can only be job 1's.
const projectId = 700_000 + Math.floor(Math.random() * 100_000);
const children: ChildProcess[] = [];
let fake: FakeGitlab | undefined;

// The runner's git cache lives in the shared state dir: what this file adds goes at the end.
const gitCache = join(stateDir(), "runner", "git-cache");
const cachedBefore = new Set(existsSync(gitCache) ? readdirSync(gitCache) : []);

afterAll(async () => {
  if (existsSync(gitCache)) {
    for (const name of readdirSync(gitCache)) {
      if (!cachedBefore.has(name)) rmSync(join(gitCache, name), { recursive: true, force: true });
    }
  }
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await fake?.close();
  rmSync(scratch, { recursive: true, force: true });
  rmSync(join(stateDir(), "runner", "cache", String(projectId)), { recursive: true, force: true });
});

function airlock(...args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile("node", [cli, ...args], { timeout: 60_000 }, (error, _stdout, stderr) => {
      resolve({
        code: error === null ? 0 : typeof error.code === "number" ? error.code : -1,
        stderr,
      });
    });
  });
}

/** `airlock runner --log-format json` in the background, its stderr collected. */
function startRunner(config: string): { child: ChildProcess; stderr: () => string } {
  const child = spawn("node", [cli, "runner", "--config", config, "--log-format", "json"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  children.push(child);
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return { child, stderr: () => stderr };
}

/** The `msg` of every JSON log line (each line must be one JSON object). */
function messages(stderr: string): string[] {
  return stderr
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => (JSON.parse(line) as { msg: string }).msg);
}

function sandboxIds(): Set<string> {
  return new Set(existsSync(sandboxesDir()) ? readdirSync(sandboxesDir()) : []);
}

describe.skipIf(skip !== undefined)("airlock register + airlock runner (done when)", () => {
  beforeAll(() => {
    execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: repo, stdio: "inherit" });
  });

  it("runs a three-job pipeline, serves /metrics, and recovers from kill -9", async () => {
    const repository = makeRepository(scratch);
    fake = await startFakeGitlab({
      traceUpdateInterval: 1,
      repositories: { "grp/app": repository.bare },
    });
    const runner = fake.createRunner();
    const config = join(scratch, "config.toml");
    const registered = await airlock(
      ...["register", "--url", fake.url, "--token", runner.token, "--name", "ci-1"],
      ...["--config", config],
    );
    expect(registered.code, registered.stderr).toBe(0);
    // The operator's edits: three jobs at once, /metrics on loopback, no network for jobs.
    const written = readFileSync(config, "utf8");
    expect(written).toMatch(/^concurrent = 1$/m);
    expect(written).toMatch(/^check_interval = 0$/m);
    expect(written).toMatch(/^backend = "container"$/m);
    writeFileSync(
      config,
      `listen_address = "127.0.0.1:0"\n${written
        .replace(/^concurrent = 1$/m, "concurrent = 3")
        .replace(/^check_interval = 0$/m, "check_interval = 1")
        .replace(/^(backend = "container")$/m, '$1\nnetwork = "none"')}`,
      { mode: 0o600 },
    );

    const first = startRunner(config);
    const secret = `s3cr3t-${randomBytes(6).toString("hex")}`;
    const nonce = randomBytes(6).toString("hex");
    const common = { sha: repository.sha, projectId };
    const build = fake.addJob({
      ...common,
      name: "build",
      variables: [
        { key: "SECRET", value: secret, masked: true },
        { key: "NONCE", value: nonce },
      ],
      script: [
        'echo "the secret is $SECRET"',
        "mkdir -p dist vendor",
        'echo "built $NONCE" > dist/out.txt',
        'echo "cached $NONCE" > vendor/dep.txt',
        "echo leaked > /tmp/from-build",
      ],
      artifacts: [{ name: "dist", paths: ["dist/"], when: "on_success", artifact_type: "archive" }],
      cache: [{ key: "deps", paths: ["vendor/"], policy: "pull-push" }],
    });
    await waitFor("the build job", () => finished(build), 240_000);
    const buildLog = fake.traceOf(build.id);
    expect(build.status, `${buildLog}\n${first.stderr()}`).toBe("success");
    expect(buildLog).toContain("the secret is [MASKED]");
    expect(buildLog).not.toContain(secret);
    expect(buildLog).not.toContain(build.token);

    const test = fake.addJob({
      ...common,
      name: "test",
      script: [
        "cat dist/out.txt",
        "cat vendor/dep.txt",
        "test ! -e /tmp/from-build && echo fresh-sandbox",
      ],
      cache: [{ key: "deps", paths: ["vendor/"], policy: "pull" }],
      dependencies: [{ id: build.id, name: "build", token: build.token }],
    });
    const deploy = fake.addJob({
      ...common,
      name: "deploy",
      script: ["echo deploy-started", "sleep 300", "echo never-printed"],
      afterScript: ["echo after-script-ran"],
    });
    await waitFor(
      "the deploy job to start",
      () => fake?.traceOf(deploy.id).includes("deploy-started") ?? false,
    );
    fake.cancelJob(deploy.id, "canceling");
    await waitFor("the test job", () => finished(test));
    await waitFor("the canceled job", () => finished(deploy));

    const testLog = fake.traceOf(test.id);
    expect(test.status, testLog).toBe("success");
    expect(testLog).toContain(`built ${nonce}`);
    expect(testLog).toContain(`cached ${nonce}`);
    expect(testLog).toContain("fresh-sandbox");
    const deployLog = fake.traceOf(deploy.id);
    expect(deploy.status, deployLog).toBe("canceled");
    expect(deployLog).toContain("after-script-ran");
    expect(deployLog).not.toContain("never-printed");
    // Complete logs: GitLab's checksum and size match what the runner reported last.
    for (const job of [build, test, deploy]) {
      expect(job.updates.at(-1), fake.traceOf(job.id)).toMatchObject({
        answered: 200,
        checksum: fake.checksumOf(job.id),
        bytesize: job.trace.length,
      });
    }

    const address = messages(first.stderr())
      .map((msg) => /serving \/metrics on (http:\/\/\S+)/.exec(msg)?.[1])
      .find((url) => url !== undefined);
    expect(address, first.stderr()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const metrics = await (await fetch(address ?? "")).text();
    for (const name of [
      "airlock_runner_jobs_total",
      "airlock_runner_job_duration_seconds_bucket",
      "airlock_runner_job_queue_seconds_bucket",
      "airlock_runner_sandbox_create_seconds_bucket",
      "airlock_runner_jobs_running",
      "airlock_runner_api_errors_total",
    ]) {
      expect(metrics).toContain(name);
    }
    expect(metrics).toMatch(
      /^airlock_runner_jobs_total\{runner="ci-1",state="success",failure_reason=""\} 2$/m,
    );
    expect(metrics).toMatch(
      /^airlock_runner_jobs_total\{runner="ci-1",state="canceled",failure_reason=""\} 1$/m,
    );
    expect(metrics).toMatch(
      /^airlock_runner_sandbox_create_seconds_count\{backend="container"\} 3$/m,
    );
    expect(metrics).toMatch(/^airlock_runner_jobs_running\{runner="ci-1"\} 0$/m);

    // kill -9 in the middle of a job, then start again.
    const before = sandboxIds();
    const crashed = fake.addJob({
      ...common,
      name: "crash",
      script: ["echo crash-started", "sleep 300"],
    });
    await waitFor(
      "the crash job to start",
      () => fake?.traceOf(crashed.id).includes("crash-started") ?? false,
    );
    const itsSandboxes = [...sandboxIds()].filter((id) => !before.has(id));
    expect(itsSandboxes.length).toBeGreaterThan(0);
    first.child.kill("SIGKILL");
    await once(first.child, "close");
    expect(crashed.status).toBe("running");

    const second = startRunner(config);
    await waitFor("the restarted runner to serve /metrics", () =>
      second.stderr().includes("serving /metrics"),
    );
    expect(crashed.status, second.stderr()).toBe("failed");
    expect(crashed.updates.at(-1)).toMatchObject({
      state: "failed",
      failureReason: "runner_system_failure",
      answered: 200,
    });
    const crashLog = fake.traceOf(crashed.id);
    expect(crashLog).toContain("crash-started");
    expect(crashLog).toMatch(/runner stopped while running this job \(runner_system_failure\)\n$/);
    for (const id of itsSandboxes) expect(await leftoversOf(id)).toEqual([]);
    expect(readdirSync(join(stateDir(), "runner", "in-flight"))).not.toContain(
      `${crashed.id}.json`,
    );
    // Its work dir (sources, file variables) went with it.
    expect(
      readdirSync(join(stateDir(), "runner", "jobs")).filter((d) => d.startsWith(`${crashed.id}-`)),
    ).toEqual([]);
    const gc = await airlock("sandbox", "gc");
    expect(gc.code, gc.stderr).toBe(0);

    second.child.kill("SIGTERM");
    const [code] = (await once(second.child, "close")) as [number | null];
    expect(code, second.stderr()).toBe(0);
    expect(messages(second.stderr()).join("\n")).toContain(`job ${crashed.id} was running`);
  });
});
