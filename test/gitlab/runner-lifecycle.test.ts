/**
 * `airlock runner` against the fake GitLab with real container sandboxes: the whole job
 * lifecycle as GitLab sees it (log, artifacts, cache, final state), cancels, the protocol's
 * awkward answers (416, final PUT 202), the output limit, and the job limits.
 */
import { readFileSync, rmSync, statSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { missingRootFeature, reportSkip } from "../support/host-features.js";
import { finished, scratchDir, startRunner, waitFor } from "./runner-fixture.js";

const skip = missingRootFeature();
reportSkip("airlock runner lifecycle", skip);
const scratch = scratchDir();
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.skipIf(skip !== undefined)("airlock runner", () => {
  it("runs a job with masked secrets, artifacts and a cache, and the next job gets them", async () => {
    const running = await startRunner(scratch, { fake: { finalUpdateAccepts: 2 } });
    const { fake } = running;
    try {
      fake.injectFault("trace", { status: 416, headers: { Range: "0-0" } });
      const build = fake.addJob({
        name: "build",
        sha: running.sha,
        variables: [{ key: "SECRET", value: "s3cr3t-value-42", masked: true }],
        script: [
          'echo "the secret is $SECRET"',
          "cat hello.txt",
          "mkdir -p dist vendor && echo built > dist/out.txt && echo cached > vendor/dep.txt",
        ],
        artifacts: [
          {
            name: "dist",
            paths: ["dist/"],
            when: "on_success",
            artifact_type: "archive",
            artifact_format: "zip",
          },
        ],
        cache: [{ key: "deps", paths: ["vendor/"], policy: "pull-push" }],
      });
      await waitFor("the build job", () => finished(build));
      const log = fake.traceOf(build.id);
      expect(build.status, log).toBe("success");
      expect(log).toContain("the secret is [MASKED]");
      expect(log).not.toContain("s3cr3t-value-42");
      expect(log).not.toContain(build.token);
      expect(log).toContain("hello from the repository");
      expect(log).toContain("section_start:");
      expect(build.patches.some((p) => p.answered === 416)).toBe(true);
      expect(build.updates.filter((u) => u.state === "success").map((u) => u.answered)).toEqual([
        202, 202, 200,
      ]);
      const final = build.updates.at(-1);
      expect(final).toMatchObject({
        exitCode: 0,
        checksum: fake.checksumOf(build.id),
        bytesize: build.trace.length,
      });
      expect(build.artifacts.map((a) => [a.artifactType, a.filename])).toEqual([
        ["archive", "dist.zip"],
      ]);
      // git asks without credentials first, then with the job token from the URL.
      const fetched = fake.gitRequests.filter((r) => r.path.endsWith("/git-upload-pack"));
      expect(fetched.length).toBeGreaterThan(0);
      expect(fetched.every((r) => r.authorized)).toBe(true);

      const test = fake.addJob({
        name: "test",
        sha: running.sha,
        script: ["cat dist/out.txt", "cat vendor/dep.txt"],
        cache: [{ key: "deps", paths: ["vendor/"], policy: "pull" }],
        dependencies: [{ id: build.id, name: "build", token: build.token }],
      });
      await waitFor("the test job", () => finished(test));
      const testLog = fake.traceOf(test.id);
      expect(test.status, testLog).toBe("success");
      expect(testLog).toContain("built");
      expect(testLog).toContain("cached");
    } finally {
      await running.stop();
    }
  });

  it("reports a failing script with its exit code, and fails back a payload it cannot read", async () => {
    const running = await startRunner(scratch);
    const { fake } = running;
    try {
      const failing = fake.addJob({ sha: running.sha, script: ["echo about to fail", "exit 3"] });
      const invalid = fake.addJob({ raw: { steps: "not a list" } });
      await waitFor("both jobs", () => finished(failing) && finished(invalid));
      expect(failing.status).toBe("failed");
      expect(failing.updates.at(-1)).toMatchObject({
        failureReason: "script_failure",
        exitCode: 3,
      });
      expect(fake.traceOf(failing.id)).toContain("ERROR: Job failed: exit code 3");
      expect(invalid.status).toBe("failed");
      expect(invalid.updates.at(-1)?.failureReason).toBe("runner_unsupported");
      expect(fake.traceOf(invalid.id)).toContain("airlock cannot run this job");
    } finally {
      await running.stop();
    }
  });

  it("on canceling, stops the script and runs after_script; on canceled, stops at once", async () => {
    const running = await startRunner(scratch);
    const { fake } = running;
    try {
      const graceful = fake.addJob({
        sha: running.sha,
        script: ["echo started", "sleep 300", "echo never-printed"],
        afterScript: ["echo after-script-ran"],
      });
      const hard = fake.addJob({
        sha: running.sha,
        script: ["echo started", "sleep 300"],
        afterScript: ["echo after-script-ran"],
      });
      await waitFor(
        "both jobs to start",
        () =>
          fake.traceOf(graceful.id).includes("started") &&
          fake.traceOf(hard.id).includes("started"),
      );
      fake.cancelJob(graceful.id, "canceling");
      fake.cancelJob(hard.id, "canceled");
      await waitFor("the graceful cancel", () => finished(graceful));
      const log = fake.traceOf(graceful.id);
      expect(graceful.status, log).toBe("canceled");
      expect(log).toContain("after-script-ran");
      expect(log).not.toContain("never-printed");
      await running.stop();
      expect(fake.traceOf(hard.id)).not.toContain("after-script-ran");
      expect(hard.updates.filter((u) => u.state !== "running")).toEqual([]);
    } finally {
      await running.stop().catch(() => undefined);
    }
  });

  it("cuts the log at output_limit and keeps the job running", async () => {
    const running = await startRunner(scratch, { extra: "  output_limit = 2" });
    const { fake } = running;
    try {
      const job = fake.addJob({
        sha: running.sha,
        script: ["head -c 10000 /dev/zero | tr '\\0' x", "echo", "echo after-the-flood > done.txt"],
        artifacts: [{ paths: ["done.txt"], artifact_type: "archive" }],
      });
      await waitFor("the job", () => finished(job));
      const log = fake.traceOf(job.id);
      expect(job.status).toBe("success");
      expect(log).toContain("Job's log exceeded limit of 2048 bytes.");
      expect(job.trace.length).toBeLessThan(2048 + 200);
      expect(job.artifacts).toHaveLength(1);
    } finally {
      await running.stop();
    }
  });

  it("never runs more than limit jobs of a runner, nor more than concurrent in all", async () => {
    const running = await startRunner(scratch, { global: "concurrent = 3", extra: "  limit = 1" });
    const { fake } = running;
    try {
      const jobs = [1, 2, 3].map(() => fake.addJob({ sha: running.sha, script: ["sleep 1"] }));
      await waitFor("three jobs", () => jobs.every(finished));
      expect(jobs.map((j) => j.status)).toEqual(["success", "success", "success"]);
      expect(fake.runningHighWater()).toBe(1);
    } finally {
      await running.stop();
    }
  });

  it("rotates a token that expires soon, writes it to the config and polls with it", async () => {
    const expires = new Date(Date.now() + 86_400_000).toISOString();
    const running = await startRunner(scratch, { tokenExpiresAt: expires });
    const { fake, runner } = running;
    const old = runner.token;
    try {
      await waitFor(
        "the rotation",
        () => runner.token !== old && readFileSync(running.config, "utf8").includes(runner.token),
      );
      const text = readFileSync(running.config, "utf8");
      expect(text).not.toContain(old);
      expect(statSync(running.config).mode & 0o777).toBe(0o600);
      const job = fake.addJob({ sha: running.sha });
      await waitFor("a job with the new token", () => finished(job));
      expect(job.status).toBe("success");
      expect(fake.jobRequests.at(-1)?.token).toBe(runner.token);
    } finally {
      await running.stop();
    }
  });
});
