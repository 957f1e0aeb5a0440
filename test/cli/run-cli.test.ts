/**
 * `airlock run` as a user meets it, on real sandboxes: the demo pipeline end to end, a
 * failing pipeline's exit status and skipped successors, an invalid file's message, and
 * Ctrl-C in the middle of a job. Every run must leave no sandbox behind.
 */
import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stateDir } from "../../src/core/state-dir.js";
import { airlockFootprint } from "../support/airlock-footprint.host.js";
import { missingRootFeature, reportSkip } from "../support/host-features.js";

const skip = missingRootFeature();
reportSkip("airlock run CLI", skip);
const repo = join(import.meta.dirname, "..", "..");
const cli = join(repo, "dist", "cli", "main.js");
const scratch = mkdtempSync(join(tmpdir(), "airlock-run-cli-"));
const projects: string[] = [];

/** A git repository named `name` holding `files` (or a copy of `from`), one commit. */
function repository(name: string, files: Record<string, string>, from?: string): string {
  const dir = join(scratch, name);
  if (from !== undefined) cpSync(from, dir, { recursive: true });
  else mkdirSync(dir, { recursive: true });
  for (const [path, content] of Object.entries(files)) {
    writeFileSync(join(dir, path), content);
  }
  const git = (...args: string[]) =>
    execFileSync("git", ["-C", dir, "-c", "user.name=t", "-c", "user.email=t@e", ...args]);
  git("init", "-q", "-b", "main");
  git("add", "-A");
  git("commit", "-q", "-m", "test");
  projects.push(`local-${name}`);
  return dir;
}

async function airlockRun(dir: string, args: string[], interrupt?: string) {
  const child = spawn("node", [cli, "run", "--plain", "--network", "none", ...args], {
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  if (interrupt !== undefined) {
    for (let t = 0; t < 400 && !stdout.includes(interrupt); t++) await sleep(50);
    child.kill("SIGINT");
  }
  const [code] = (await once(child, "close")) as [number | null];
  return { code, stdout, stderr };
}

describe.skipIf(skip !== undefined)("airlock run (CLI)", () => {
  beforeAll(() => {
    execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: repo, stdio: "inherit" });
  });
  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
    for (const project of projects) {
      rmSync(join(stateDir(), "runs", project), { recursive: true, force: true });
      rmSync(join(stateDir(), "cache", project), { recursive: true, force: true });
    }
  });

  it("runs the demo pipeline: matrix, needs, artifacts, dotenv, an allowed failure", async () => {
    const dir = repository("demo", {}, join(repo, "examples", "demo-pipeline"));
    const run = await airlockRun(dir, []);
    expect(run.code, run.stderr).toBe(0);
    const summary = run.stdout.split("\n").filter((l) => /^ (PASS|FAIL|WARN|SKIP) /.test(l));
    expect(summary.map((l) => l.replace(/\s+\S+s( .*)?$/, "").trim())).toEqual([
      "PASS  build",
      "PASS  test: [short]",
      "PASS  test: [long]",
      "WARN  lint",
      "PASS  isolation",
      "PASS  package",
    ]);
    expect(run.stdout).toContain("package > packaging wordcount 1.0.1");
    expect(run.stdout).toContain("test: [long] >       5 job");
    expect(airlockFootprint()).toEqual([]);
  });

  it("artifacts stay out of the work tree unless --artifacts-to-source asks", async () => {
    const dir = repository("to-source", {}, join(repo, "examples", "demo-pipeline"));
    expect((await airlockRun(dir, ["build"])).code).toBe(0);
    expect(existsSync(join(dir, "dist"))).toBe(false);
    const run = await airlockRun(dir, ["build", "--artifacts-to-source"]);
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(join(dir, "dist", "wordcount"))).toBe(true);
  });

  it("a failing job fails the pipeline (exit 1) and skips what follows it", async () => {
    const dir = repository("failing", {
      ".gitlab-ci.yml":
        "build:\n  stage: build\n  script: [echo before, 'false', echo never]\ntest:\n  script: echo hi\n",
    });
    const run = await airlockRun(dir, []);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("build > ERROR: Job failed: exit code 1");
    expect(run.stdout).not.toContain("build > never");
    expect(run.stdout).toMatch(/^ FAIL {2}build .*script_failure \(exit code 1\)$/m);
    expect(run.stdout).toMatch(/^ SKIP {2}test$/m);
  });

  it("a --secret never reaches the log, also when the job prints it in pieces across lines", async () => {
    const dir = repository("secret", {
      ".gitlab-ci.yml":
        'leak:\n  script:\n    - echo "token=$API_TOKEN"\n    - printf "%s" "$API_TOKEN" | fold -w 3; echo\n    - echo "$API_TOKEN$API_TOKEN"\n',
    });
    const run = await airlockRun(dir, ["--secret", "API_TOKEN=s3cr3t-t0ken-value"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("leak > token=[MASKED]");
    expect(run.stdout).toContain("leak > [MASKED][MASKED]");
    expect(run.stdout).not.toContain("s3cr3t-t0ken-value");
    expect(run.stdout).toContain("leak > s3c"); // pieces are not the secret (GitLab masks whole values)
  });

  it("an invalid pipeline names file, line and key (exit 65) and starts nothing", async () => {
    const dir = repository("invalid", {
      ".gitlab-ci.yml": "test:\n  script: echo hi\n  scirpt: oops\n",
    });
    const run = await airlockRun(dir, []);
    expect(run.code).toBe(65);
    expect(run.stderr).toContain(".gitlab-ci.yml:3");
    expect(run.stderr).toContain('unknown key "scirpt"');
    expect(run.stdout).toBe("");
  });

  it("Ctrl-C cancels the running job, destroys its sandbox and exits 130", async () => {
    const dir = repository("interrupted", {
      ".gitlab-ci.yml":
        "slow:\n  script: [echo started-slow, sleep 120]\nlater:\n  stage: deploy\n  script: echo later\n",
    });
    const run = await airlockRun(dir, [], "started-slow");
    expect(run.code).toBe(130);
    expect(run.stdout).toMatch(/^ CANCELED {2}slow/m);
    expect(run.stdout).not.toContain("later > later");
    expect(airlockFootprint()).toEqual([]);
  });
});
