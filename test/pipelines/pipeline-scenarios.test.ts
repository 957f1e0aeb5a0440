/**
 * The scenario suite of `airlock run`: every folder here is a small repository whose
 * pipeline runs for real (each job in its own sandbox, with no network) and whose output is
 * compared with the expectation written from GitLab's documented behaviour.
 * Set AIRLOCK_SCENARIO=<name> to run one; UPDATE is deliberately not offered.
 */
import { execFileSync, spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { missingRootFeature, reportSkip } from "../support/host-features.js";
import { projectIdentity } from "../../src/pipeline/predefined/project-identity.js";
import { slugify } from "../../src/pipeline/predefined/slugify.js";
import { normalise, type ScenarioCase } from "./scenario.js";

const skip = missingRootFeature();
reportSkip("pipeline scenarios", skip);
const repoRoot = join(import.meta.dirname, "..", "..");
const cli = join(repoRoot, "dist", "cli", "main.js");
const stateDir = process.env["AIRLOCK_STATE_DIR"] ?? "/var/lib/airlock";
const only = process.env["AIRLOCK_SCENARIO"];
const scenarios = readdirSync(import.meta.dirname, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && (only === undefined || entry.name === only))
  .map((entry) => entry.name)
  .sort();

function git(dir: string, ...args: string[]): void {
  execFileSync("git", ["-C", dir, ...args], {
    stdio: "ignore",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "Ada Lovelace",
      GIT_AUTHOR_EMAIL: "ada@example.com",
      GIT_COMMITTER_NAME: "Ada Lovelace",
      GIT_COMMITTER_EMAIL: "ada@example.com",
      GIT_AUTHOR_DATE: "2026-11-25T12:00:00Z",
      GIT_COMMITTER_DATE: "2026-11-25T12:00:00Z",
    },
  });
}

/** The scenario's files as a fresh repository with one commit, in a temp dir. */
function makeRepository(name: string, scenario: ScenarioCase): string {
  const dir = join(mkdtempSync(join(tmpdir(), "airlock-scenario-")), name);
  cpSync(join(import.meta.dirname, name), dir, {
    recursive: true,
    filter: (source) => !/^(expected\.(out|err)|case\.json)$/.test(basename(source)),
  });
  git(dir, "init", "-q", "-b", scenario.branch ?? "main");
  git(dir, "config", "user.name", "Ada Lovelace");
  git(dir, "config", "user.email", "ada@example.com");
  if (scenario.remote !== undefined) git(dir, "remote", "add", "origin", scenario.remote);
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "Scenario commit\n\nBody of the commit message.");
  if (scenario.tag !== undefined) {
    git(dir, "tag", scenario.tag);
    git(dir, "checkout", "-q", "--detach", scenario.tag);
  }
  for (const [path, content] of Object.entries(scenario.uncommitted ?? {})) {
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

describe.skipIf(skip !== undefined)("airlock run scenarios (test/pipelines)", () => {
  beforeAll(() => {
    execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: repoRoot, stdio: "inherit" });
  });

  it.each(scenarios)("%s", (name) => {
    const folder = join(import.meta.dirname, name);
    const casePath = join(folder, "case.json");
    const scenario = (
      existsSync(casePath) ? JSON.parse(readFileSync(casePath, "utf8")) : {}
    ) as ScenarioCase;
    const dir = makeRepository(name, scenario);
    // The run and cache directories airlock names after the project (from the remote).
    const project = slugify(projectIdentity(scenario.remote, name).path);
    try {
      const run = spawnSync(
        "node",
        [
          cli,
          "run",
          "--plain",
          "--network",
          "none",
          "--concurrency",
          "1",
          ...(scenario.args ?? []),
        ],
        { cwd: dir, encoding: "utf8", timeout: 240_000 },
      );
      const stdout = normalise(run.stdout, dir, stateDir);
      const expectedOut = readFileSync(join(folder, "expected.out"), "utf8");
      expect(stdout).toBe(expectedOut);
      const expectedErr = join(folder, "expected.err");
      if (existsSync(expectedErr)) {
        const stderr = normalise(run.stderr, dir, stateDir);
        for (const line of readFileSync(expectedErr, "utf8").split("\n").filter(Boolean)) {
          expect(stderr).toContain(line);
        }
      }
      expect(run.status, run.stderr).toBe(scenario.exitCode ?? 0);
    } finally {
      rmSync(join(dir, ".."), { recursive: true, force: true });
      rmSync(join(stateDir, "runs", project), { recursive: true, force: true });
      rmSync(join(stateDir, "cache", project), { recursive: true, force: true });
    }
  });
});
