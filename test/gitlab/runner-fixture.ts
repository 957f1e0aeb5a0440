import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { runRunner } from "../../src/app/runner/run-runner.js";
import { silentLogger } from "../../src/core/logger.js";
import {
  startFakeGitlab,
  type FakeGitlab,
  type FakeGitlabOptions,
} from "../fakes/fake-gitlab/fake-gitlab.js";
import type { FakeJob, FakeRunner } from "../fakes/fake-gitlab/fake-state.js";

/** A bare repository with one commit (`hello.txt`), for the fake to serve as grp/app. */
export function makeRepository(scratch: string): { readonly bare: string; readonly sha: string } {
  const work = join(scratch, "work");
  mkdirSync(work, { recursive: true });
  writeFileSync(join(work, "hello.txt"), "hello from the repository\n");
  const git = (...args: string[]): string =>
    execFileSync("git", ["-C", work, "-c", "user.name=t", "-c", "user.email=t@e", ...args], {
      encoding: "utf8",
    });
  git("init", "-q", "-b", "main");
  git("add", "-A");
  git("commit", "-q", "-m", "test");
  const bare = join(scratch, "app.git");
  execFileSync("git", ["clone", "-q", "--bare", work, bare]);
  return { bare, sha: git("rev-parse", "HEAD").trim() };
}

/** A runner process in this test: the fake, one registered runner, a stop switch. */
export interface RunningRunner {
  readonly fake: FakeGitlab;
  readonly runner: FakeRunner;
  readonly sha: string;
  /** The configuration file the runner reads (and writes a rotated token to). */
  readonly config: string;
  /** Stops polling (like SIGTERM) and waits until every job has settled. */
  stop(): Promise<void>;
}

/**
 * Starts the fake GitLab serving the test repository, creates a runner there, writes a
 * config for it (`extra` lines go into its [[runners]] table; `airlock` into
 * [runners.airlock]) and starts `airlock runner` in this process with runner state in
 * `scratch` (images come from the host's store).
 */
export async function startRunner(
  scratch: string,
  setup: {
    readonly fake?: FakeGitlabOptions;
    readonly global?: string;
    readonly extra?: string;
    readonly airlock?: string;
    readonly backend?: "container" | "microvm";
    /** The fake runner's token expiry (ISO 8601); also written into the config. */
    readonly tokenExpiresAt?: string;
  } = {},
): Promise<RunningRunner> {
  const dir = mkdtempSync(join(scratch, "runner-"));
  const repository = makeRepository(dir);
  const fake = await startFakeGitlab({
    traceUpdateInterval: 1,
    ...setup.fake,
    repositories: { ...setup.fake?.repositories, "grp/app": repository.bare },
  });
  const runner = fake.createRunner({ tokenExpiresAt: setup.tokenExpiresAt ?? null });
  const config = join(dir, "config.toml");
  const expiry =
    setup.tokenExpiresAt === undefined
      ? ""
      : `  token_obtained_at = ${new Date(Date.now() - 30 * 86_400_000).toISOString()}\n  token_expires_at = ${setup.tokenExpiresAt}`;
  writeFileSync(
    config,
    [
      setup.global ?? "concurrent = 2",
      "check_interval = 1",
      "[[runners]]",
      '  name = "ci-1"',
      `  url = "${fake.url}"`,
      `  token = "${runner.token}"`,
      expiry,
      setup.extra ?? "",
      "  [runners.airlock]",
      `    backend = "${setup.backend ?? "container"}"`,
      '    network = "none"',
      '    tags = ["airlock-1cpu-1gb"]',
      setup.airlock ?? "",
      "",
    ].join("\n"),
    { mode: 0o600 },
  );
  const stop = new AbortController();
  const done = runRunner({
    configPath: config,
    stateDir: join(dir, "state"),
    logger: silentLogger,
    shutdownTimeoutMs: 60_000,
    stop: stop.signal,
    // CI hosts often cannot boot a guest under KVM (nested virtualisation): TCG, as the
    // microVM suites do.
    allowTcg: true,
  });
  // Surface an early failure (bad config, unusable backend) instead of waiting for jobs.
  done.catch(() => undefined);
  return {
    fake,
    runner,
    sha: repository.sha,
    config,
    stop: async () => {
      stop.abort();
      try {
        await done;
      } finally {
        await fake.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Waits until `done(job)` holds (the runner works in the background); fails after `ms`. */
export async function waitFor(what: string, check: () => boolean, ms = 120_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

export function finished(job: FakeJob): boolean {
  return (
    job.updates.some((u) => u.answered === 200 && u.state !== "running" && u.state !== undefined) ||
    job.status === "canceled"
  );
}

export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), "airlock-runner-test-"));
}
