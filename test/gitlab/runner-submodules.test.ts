/**
 * The runner's submodules and LFS (docs/runner.md, "Sources and the git cache"): submodules
 * on the job's GitLab get a host mirror each and are checked out at their gitlinks in a
 * helper sandbox (normal, recursive, none); one elsewhere fails the job as a script_failure
 * without the host fetching it; LFS attributes are warned about. The real runner against
 * the fake GitLab, container backend, jobs whose network policy is `none`. The foreign
 * submodule's host is under .invalid: nothing may reach it, and nothing leaves loopback.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { missingRootFeature, reportSkip } from "../support/host-features.js";
import { gitSpy } from "./git-spy.js";
import { finished, scratchDir, startRunner, waitFor } from "./runner-fixture.js";

const skip = missingRootFeature();
reportSkip("airlock runner submodules", skip);
const scratch = scratchDir();
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** git in `dir` with an author; its trimmed stdout. */
function git(dir: string, ...args: string[]): string {
  return execFileSync(
    "/usr/bin/git",
    ["-C", dir, "-c", "user.name=t", "-c", "user.email=t@e", ...args],
    {
      encoding: "utf8",
    },
  ).trim();
}

/**
 * A commit in the work tree `dir` with `files` written and `gitlinks` (path -> sha)
 * recorded; pushed to `bare` as main when given. Its sha.
 */
function commit(
  dir: string,
  files: Readonly<Record<string, string>>,
  gitlinks: Readonly<Record<string, string>> = {},
  bare?: string,
): string {
  mkdirSync(dir, { recursive: true });
  if (readdirSync(dir).length === 0) git(dir, "init", "-q", "-b", "main");
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  git(dir, "add", "-A");
  for (const [path, sha] of Object.entries(gitlinks)) {
    git(dir, "update-index", "--add", "--cacheinfo", `160000,${sha},${path}`);
  }
  git(dir, "commit", "-q", "-m", "change");
  if (bare !== undefined) git(dir, "push", "-q", bare, "HEAD:main");
  return git(dir, "rev-parse", "HEAD");
}

/** A bare copy of the work tree `dir`, for the fake to serve. */
function bareOf(dir: string, bare: string): string {
  execFileSync("/usr/bin/git", ["clone", "-q", "--bare", dir, bare]);
  return bare;
}

describe.skipIf(skip !== undefined)("airlock runner: submodules and LFS", () => {
  it("checks out same-origin submodules at their gitlinks, refuses others, warns about LFS", async () => {
    const repos = join(scratch, "repos");
    const nestedSha = commit(join(repos, "nested"), { "nested.txt": "nested content\n" });
    const subSha = commit(
      join(repos, "sub"),
      {
        "sub.txt": "sub content\n",
        ".gitmodules": '[submodule "deep"]\n\tpath = deep\n\turl = ../nested.git\n',
      },
      { deep: nestedSha },
    );
    const running = await startRunner(scratch, {
      fake: {
        repositories: {
          "grp/sub": bareOf(join(repos, "sub"), join(repos, "sub.git")),
          "grp/nested": bareOf(join(repos, "nested"), join(repos, "nested.git")),
        },
      },
    });
    const { fake } = running;
    const runnerDir = join(
      scratch,
      readdirSync(scratch).find((n) => n.startsWith("runner-")) ?? "",
    );
    const app = join(runnerDir, "app.git");
    const spy = gitSpy(runnerDir);
    const pathBefore = process.env["PATH"];
    process.env["PATH"] = spy.path;
    try {
      const withSubmodule = commit(
        join(runnerDir, "work"),
        {
          ".gitmodules": '[submodule "lib"]\n\tpath = lib\n\turl = ../sub.git\n',
          ".gitattributes": "*.bin filter=lfs diff=lfs merge=lfs -text\n",
        },
        { lib: subSha },
        app,
      );
      const submodules = (strategy: string): { key: string; value: string }[] => [
        { key: "GIT_SUBMODULE_STRATEGY", value: strategy },
      ];
      const normal = fake.addJob({
        sha: withSubmodule,
        variables: submodules("normal"),
        script: [
          "cat lib/sub.txt",
          'test -d lib/deep && test -z "$(ls -A lib/deep)" && echo deep-not-checked-out',
          "echo lib-at-$(git -C lib rev-parse HEAD)",
          "echo lib-origin-$(git -C lib remote get-url origin)",
        ],
      });
      const recursive = fake.addJob({
        sha: withSubmodule,
        variables: submodules("recursive"),
        script: [
          "cat lib/deep/nested.txt",
          "git submodule status --recursive",
          "ls -A | grep -q airlock || echo no-airlock-files-left",
          "stat -c 'owner %u' lib/deep/nested.txt",
        ],
      });
      const none = fake.addJob({
        sha: withSubmodule,
        script: ['test -d lib && test -z "$(ls -A lib)" && echo lib-is-empty'],
      });
      await waitFor("the submodule jobs", () => [normal, recursive, none].every(finished));

      const normalLog = fake.traceOf(normal.id);
      expect(normal.status, normalLog).toBe("success");
      expect(normalLog).toContain("Updating/initializing submodules...");
      expect(normalLog).toContain("\nsub content\n");
      expect(normalLog).toContain("deep-not-checked-out");
      expect(normalLog).toContain(`lib-at-${subSha}`);
      expect(normalLog).toContain(`lib-origin-${fake.url}/grp/sub.git`);
      expect(normalLog).toContain("WARNING: Git LFS is used");
      expect(normalLog).toContain("the files those attributes cover are LFS pointer files");

      const recursiveLog = fake.traceOf(recursive.id);
      expect(recursive.status, recursiveLog).toBe("success");
      expect(recursiveLog).toContain("Updating/initializing submodules recursively...");
      expect(recursiveLog).toContain("\nnested content\n");
      expect(recursiveLog).toContain(`${nestedSha} lib/deep`);
      expect(recursiveLog).toContain("no-airlock-files-left");
      expect(recursiveLog).toContain("owner 0");

      const noneLog = fake.traceOf(none.id);
      expect(none.status, noneLog).toBe("success");
      expect(noneLog).toContain("Skipping Git submodules setup");
      expect(noneLog).toContain("lib-is-empty");
      expect(noneLog).toContain("WARNING: Git LFS is used");

      // The submodules came from the fake with a job's token, into a mirror each.
      const fetched = (repo: string): boolean =>
        fake.gitRequests.some((r) => r.path.startsWith(`/grp/${repo}.git/`) && r.authorized);
      expect(fetched("sub")).toBe(true);
      expect(fetched("nested")).toBe(true);
      const cache = join(runnerDir, "state", "runner", "git-cache");
      expect(readdirSync(cache).filter((n) => n.endsWith(".git"))).toHaveLength(3);

      const foreignUrl = "https://git.example.invalid/grp/ext.git";
      const withForeign = commit(
        join(runnerDir, "work"),
        {
          ".gitmodules": `[submodule "lib"]\n\tpath = lib\n\turl = ../sub.git\n[submodule "ext"]\n\tpath = vendor/ext\n\turl = ${foreignUrl}\n`,
        },
        // `git add -A` drops gitlinks without a work tree: record both again.
        { lib: subSha, "vendor/ext": nestedSha },
        app,
      );
      const foreign = fake.addJob({
        sha: withForeign,
        variables: submodules("normal"),
        script: ["echo never-runs"],
      });
      // The fix the message names: leave the foreign one out with GIT_SUBMODULE_PATHS.
      const excluded = fake.addJob({
        sha: withForeign,
        variables: [
          ...submodules("normal"),
          { key: "GIT_SUBMODULE_PATHS", value: ":(exclude)vendor/ext" },
        ],
        script: ["cat lib/sub.txt", 'test -z "$(ls -A vendor/ext)" && echo ext-left-out'],
      });
      await waitFor("the foreign submodule jobs", () => finished(foreign) && finished(excluded));
      const excludedLog = fake.traceOf(excluded.id);
      expect(excluded.status, excludedLog).toBe("success");
      expect(excludedLog).toContain("\nsub content\n");
      expect(excludedLog).toContain("ext-left-out");
      const foreignLog = fake.traceOf(foreign.id);
      expect(foreign.status, foreignLog).toBe("failed");
      expect(foreignLog).toContain(
        `submodule vendor/ext (URL ${foreignUrl}) is not on this job's GitLab (${fake.url})`,
      );
      expect(foreignLog).toContain("fetch it in the job's script");
      expect(foreignLog).not.toContain("never-runs");
      expect(foreign.updates.at(-1)?.failureReason).toBe("script_failure");

      // The host's git never saw the foreign URL, nor any token in its argv.
      const hostLines = readFileSync(spy.log, "utf8").split("\n");
      expect(hostLines.some((line) => line.includes("ls-remote"))).toBe(true);
      const secrets = [running.runner.token, ...fake.jobs.map((j) => j.token)];
      for (const line of hostLines) {
        expect(line).not.toContain("example.invalid");
        for (const secret of secrets) expect(line).not.toContain(secret);
      }
    } finally {
      process.env["PATH"] = pathBefore;
      await running.stop();
    }
  });
});
