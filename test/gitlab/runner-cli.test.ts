/**
 * `airlock runner` as an operator runs it (the built CLI, real signals): SIGTERM stops taking
 * jobs and lets the running one finish; a second signal cancels it and GitLab is told
 * runner_system_failure. Container sandboxes, the fake GitLab on loopback.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stateDir } from "../../src/core/state-dir.js";
import { startFakeGitlab, type FakeGitlab } from "../fakes/fake-gitlab/fake-gitlab.js";
import { missingRootFeature, reportSkip } from "../support/host-features.js";
import { finished, makeRepository, waitFor } from "./runner-fixture.js";

const skip = missingRootFeature();
reportSkip("airlock runner CLI", skip);
const repo = join(import.meta.dirname, "..", "..");
const cli = join(repo, "dist", "cli", "main.js");
const scratch = mkdtempSync(join(tmpdir(), "airlock-runner-cli-"));
const children: ChildProcess[] = [];

// The runner's git cache lives in the shared state dir: what this file adds goes at the end.
const gitCache = join(stateDir(), "runner", "git-cache");
const cachedBefore = new Set(existsSync(gitCache) ? readdirSync(gitCache) : []);

afterAll(() => {
  if (existsSync(gitCache)) {
    for (const name of readdirSync(gitCache)) {
      if (!cachedBefore.has(name)) rmSync(join(gitCache, name), { recursive: true, force: true });
    }
  }
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  rmSync(scratch, { recursive: true, force: true });
});

/** The fake, a runner registered there, and `airlock runner` started on a config for it. */
async function start(name: string): Promise<{
  fake: FakeGitlab;
  sha: string;
  child: ChildProcess;
  stderr: () => string;
}> {
  const dir = join(scratch, name);
  const repository = makeRepository(dir);
  const fake = await startFakeGitlab({
    traceUpdateInterval: 1,
    repositories: { "grp/app": repository.bare },
  });
  const runner = fake.createRunner();
  const config = join(dir, "config.toml");
  writeFileSync(
    config,
    `concurrent = 2\ncheck_interval = 1\n[[runners]]\n  name = "ci"\n  url = "${fake.url}"\n  token = "${runner.token}"\n  [runners.airlock]\n    network = "none"\n`,
    { mode: 0o600 },
  );
  const child = spawn("node", [cli, "runner", "--config", config, "--shutdown-timeout", "120"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  children.push(child);
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return { fake, sha: repository.sha, child, stderr: () => stderr };
}

describe.skipIf(skip !== undefined)("airlock runner (CLI)", () => {
  beforeAll(() => {
    execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: repo, stdio: "inherit" });
  });

  it("on SIGTERM takes no new job and lets the running one finish", async () => {
    const { fake, sha, child, stderr } = await start("graceful");
    try {
      const job = fake.addJob({
        sha,
        projectId: 9001,
        script: ["echo started", "sleep 2", "echo finished-ok"],
      });
      await waitFor("the job to start", () => fake.traceOf(job.id).includes("started"));
      child.kill("SIGTERM");
      await waitFor("the warning", () => stderr().includes("stopping: no new jobs"));
      const later = fake.addJob({ sha, projectId: 9001 });
      const [code] = (await once(child, "close")) as [number | null];
      expect(code, stderr()).toBe(0);
      expect(job.status).toBe("success");
      expect(fake.traceOf(job.id)).toContain("finished-ok");
      expect(later.status).toBe("pending");
    } finally {
      await fake.close();
    }
  });

  it("on a second signal cancels the running job as runner_system_failure", async () => {
    const { fake, sha, child, stderr } = await start("forced");
    try {
      const job = fake.addJob({ sha, projectId: 9002, script: ["echo started", "sleep 300"] });
      await waitFor("the job to start", () => fake.traceOf(job.id).includes("started"));
      child.kill("SIGTERM");
      await waitFor("the warning", () => stderr().includes("stopping: no new jobs"));
      child.kill("SIGTERM");
      const [code] = (await once(child, "close")) as [number | null];
      expect(code, stderr()).toBe(0);
      expect(finished(job)).toBe(true);
      expect(job.status).toBe("failed");
      expect(job.updates.at(-1)?.failureReason).toBe("runner_system_failure");
      expect(fake.traceOf(job.id)).toContain("the runner was stopped");
    } finally {
      await fake.close();
    }
  });
});
