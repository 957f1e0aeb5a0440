/**
 * The runner's sources (docs/runner.md, "Sources and the git cache"): a host-side bare
 * mirror per repository, refreshed only when GitLab's refs changed and holding no token,
 * and the checkout in a helper sandbox without network, so that nothing of the repository
 * is checked out or run on the host. The real runner against the fake GitLab, container
 * backend, jobs whose network policy is `none`.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { missingRootFeature, reportSkip } from "../support/host-features.js";
import { gitSpy } from "./git-spy.js";
import { finished, scratchDir, startRunner, waitFor } from "./runner-fixture.js";

const skip = missingRootFeature();
reportSkip("airlock runner git cache", skip);
const scratch = scratchDir();
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Every file below `dir` (links not followed). */
function filesBelow(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesBelow(path);
    return entry.isFile() ? [path] : [];
  });
}

/** A new commit on main of the repository the fake serves; its sha. */
function pushCommit(runnerDir: string, content: string): string {
  const work = join(runnerDir, "work");
  const git = (...args: string[]): string =>
    execFileSync(
      "/usr/bin/git",
      ["-C", work, "-c", "user.name=t", "-c", "user.email=t@e", ...args],
      {
        encoding: "utf8",
      },
    );
  writeFileSync(join(work, "hello.txt"), content);
  git("commit", "-q", "-am", "second");
  git("push", "-q", join(runnerDir, "app.git"), "HEAD:main");
  return git("rev-parse", "HEAD").trim();
}

describe.skipIf(skip !== undefined)("airlock runner: sources and the git cache", () => {
  it("fetches into one mirror only when GitLab's refs changed, and checks out in a sandbox", async () => {
    const running = await startRunner(scratch);
    const { fake } = running;
    const runnerDir = join(
      scratch,
      readdirSync(scratch).find((n) => n.startsWith("runner-")) ?? "",
    );
    const spy = gitSpy(runnerDir);
    const pathBefore = process.env["PATH"];
    process.env["PATH"] = spy.path;
    const fetches = (): number => fake.gitRequests.filter((r) => r.command === "fetch").length;
    // A fetch that finds nothing new sends no pack request, but it does ask for the refs:
    // one advertisement per ls-remote, one per fetch.
    const advertised = (): number =>
      fake.gitRequests.filter((r) => r.command === "advertise").length;
    try {
      const script = ["cat hello.txt", "stat -c 'owner %u' hello.txt", "git rev-list --count HEAD"];
      // Two jobs at once on an empty cache: one refresh, the other waits for it.
      const first = [1, 2].map(() => fake.addJob({ sha: running.sha, script }));
      await waitFor("the first two jobs", () => first.every(finished));
      for (const job of first) {
        const log = fake.traceOf(job.id);
        expect(job.status, log).toBe("success");
        expect(log).toContain("hello from the repository");
        expect(log).toContain("owner 0");
        expect(log).toContain(`Checking out ${running.sha.slice(0, 8)}`);
      }
      expect(fetches()).toBe(1);
      expect(advertised()).toBe(3);

      const again = fake.addJob({ sha: running.sha, script });
      await waitFor("the third job", () => finished(again));
      const againLog = fake.traceOf(again.id);
      expect(again.status, againLog).toBe("success");
      expect(againLog).toContain("The git cache is up to date");
      expect(fetches()).toBe(1);
      expect(advertised()).toBe(4);

      const newSha = pushCommit(runnerDir, "the second version\n");
      const changed = fake.addJob({ sha: newSha, script });
      await waitFor("the job after the push", () => finished(changed));
      const changedLog = fake.traceOf(changed.id);
      expect(changed.status, changedLog).toBe("success");
      expect(changedLog).toContain("Updating the git cache");
      expect(changedLog).toContain("the second version");
      expect(changedLog).toContain(`Checking out ${newSha.slice(0, 8)}`);
      expect(changedLog).toMatch(/\n2\n/);
      expect(fetches()).toBe(2);
      expect(advertised()).toBe(6);

      const shallow = fake.addJob({
        sha: newSha,
        script: ["git rev-list --count HEAD"],
        variables: [{ key: "GIT_DEPTH", value: "1" }],
      });
      const none = fake.addJob({
        sha: newSha,
        script: ["test ! -e hello.txt && test ! -e .git && echo no-sources-here"],
        variables: [{ key: "GIT_STRATEGY", value: "none" }],
      });
      await waitFor(
        "the GIT_DEPTH and GIT_STRATEGY jobs",
        () => finished(shallow) && finished(none),
      );
      const shallowLog = fake.traceOf(shallow.id);
      expect(shallow.status, shallowLog).toBe("success");
      expect(shallowLog).toContain("with git depth set to 1");
      expect(shallowLog).toMatch(/\n1\n/);
      const noneLog = fake.traceOf(none.id);
      expect(none.status, noneLog).toBe("success");
      expect(noneLog).toContain("Skipping Git repository setup");
      expect(noneLog).toContain("no-sources-here");
      expect(fetches()).toBe(2);
      expect(advertised()).toBe(7);

      // A ref the mirror lacks while GitLab's refs did not change is fetched by its name.
      const cache = join(runnerDir, "state", "runner", "git-cache");
      const mirrors = readdirSync(cache).filter((n) => n.endsWith(".git"));
      expect(mirrors).toHaveLength(1);
      const mirror = join(cache, mirrors[0] ?? "");
      execFileSync("/usr/bin/git", [`--git-dir=${mirror}`, "update-ref", "-d", "refs/heads/main"]);
      const refetch = fake.addJob({ sha: newSha, script: ["git branch -a"] });
      await waitFor("the job after the mirror lost its ref", () => finished(refetch));
      const refetchLog = fake.traceOf(refetch.id);
      expect(refetch.status, refetchLog).toBe("success");
      expect(refetchLog).toContain("The git cache is up to date");
      expect(refetchLog).toContain("Fetching the job's refs into the git cache...");
      expect(refetchLog).toContain("remotes/origin/main");

      const missingSha = "0123456789abcdef0123456789abcdef01234567";
      const missing = fake.addJob({ sha: missingSha, script: ["echo never-runs"] });
      await waitFor("the job of a commit GitLab does not have", () => finished(missing));
      const missingLog = fake.traceOf(missing.id);
      expect(missing.status, missingLog).toBe("failed");
      expect(missingLog).toContain(
        `commit ${missingSha} (ref main) is not in ${fake.url}/grp/app.git`,
      );
      expect(missingLog).not.toContain("never-runs");

      // The mirror holds no token: neither a job's nor the runner's.
      const files = filesBelow(cache);
      expect(files.some((f) => f.includes("/objects/"))).toBe(true);
      const secrets = [running.runner.token, ...fake.jobs.map((j) => j.token)];
      for (const file of files) {
        const content = readFileSync(file);
        for (const secret of secrets) expect(content.includes(secret), file).toBe(false);
      }
      expect(statSync(mirror).mode & 0o777).toBe(0o755);

      // On the host git only did protocol work on the mirror: no checkout, clone or work tree.
      const hostCommands = readFileSync(spy.log, "utf8")
        .split("\n")
        .filter((line) => line.trim() !== "" && !line.startsWith("http-backend"));
      const subcommands = hostCommands.map(
        (line) =>
          line.split(" ").filter((arg, i, all) => !arg.startsWith("-") && all[i - 1] !== "-c")[0],
      );
      expect(subcommands).toContain("ls-remote");
      expect(subcommands).toContain("fetch");
      for (const subcommand of subcommands) {
        expect(["init", "config", "ls-remote", "fetch", "rev-parse"]).toContain(subcommand);
      }
      for (const line of hostCommands) {
        expect(line).toContain(`--git-dir=${cache}/`);
        expect(line).not.toMatch(/--work-tree|checkout|clone|worktree/);
        for (const secret of secrets) expect(line).not.toContain(secret);
        if (line.includes(" init ")) expect(line).toContain("--bare");
      }
    } finally {
      process.env["PATH"] = pathBefore;
      await running.stop();
    }
  });
});
