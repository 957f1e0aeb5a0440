import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { AirlockError, isAirlockError } from "../../core/airlock-error.js";
import { gitRemote } from "./git-remote.js";
import { KeyedLock } from "./keyed-lock.js";
import { refspecSource } from "./mirror-refspec.js";
import { runHostGit } from "./run-host-git.host.js";
import { safeGitConfig, safeGitEnv } from "./safe-git-config.js";

/** The commit a job needs, from GitLab's payload. */
export interface MirrorRequest {
  /** GitLab's `repo_url`, with the job token as its password. */
  readonly repoUrl: string;
  readonly sha: string;
  readonly ref: string;
  /** The payload's refspecs (`+refs/heads/main:refs/remotes/origin/main`, ...). */
  readonly refspecs: readonly string[];
}

/** A mirror holding the job's commit. */
export interface MirrorState {
  /** The bare repository: mount it read-only; it holds no credentials. */
  readonly path: string;
  /** The repository's URL without credentials. */
  readonly url: string;
  /** The payload's refspecs whose source ref the mirror has. */
  readonly refspecs: readonly string[];
}

const refreshes = new KeyedLock();

/**
 * The host-side git cache: one bare mirror per repository, `<workRoot>/git-cache/<sha256 of
 * the URL without credentials>.git`, refreshed when the sha256 of `git ls-remote` differs
 * from the one stored beside it (`<name>.ls-remote`) after the last refresh: then heads,
 * tags and the job's refspecs are fetched. A commit still missing is fetched by its sha; if
 * GitLab does not have it, AIRLOCK_E_GIT_SOURCES. One refresh at a time per mirror, in this
 * process (one runner process owns a work root). Credentials travel in the environment of
 * the commands that talk to GitLab only. git here does protocol work only: nothing of the
 * repository is checked out or run on the host (safeGitConfig).
 */
export function refreshMirror(
  workRoot: string,
  request: MirrorRequest,
  log: (line: string) => void,
  signal: AbortSignal,
): Promise<MirrorState> {
  const remote = gitRemote(request.repoUrl);
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(request.sha)) {
    throw new AirlockError(
      "AIRLOCK_E_GITLAB_PAYLOAD",
      `the job's sha "${request.sha}" is no commit id`,
    );
  }
  const cacheDir = join(workRoot, "git-cache");
  const path = join(cacheDir, `${remote.key}.git`);
  return refreshes.run(path, async () => {
    const home = join(cacheDir, ".home");
    await mkdir(home, { recursive: true, mode: 0o700 });
    const quietEnv = {
      PATH: process.env["PATH"] ?? "/usr/bin:/bin",
      HOME: home,
      ...safeGitEnv("http:https"),
    };
    const git = (args: readonly string[], auth: boolean): Promise<string> =>
      runHostGit(
        {
          args: [...safeGitConfig("no-file"), `--git-dir=${path}`, ...args],
          cwd: cacheDir,
          env: auth ? { ...quietEnv, ...remote.authEnv } : quietEnv,
        },
        log,
        signal,
      );
    if (!existsSync(join(path, "HEAD"))) {
      await rm(path, { recursive: true, force: true });
      // Readable by the checkout sandbox's unmapped uid through its read-only mount.
      await git(
        ["-c", "init.defaultBranch=main", "init", "--bare", "--quiet", "--shared=0644"],
        false,
      );
      log(`Created the git cache of ${remote.url}`);
    }
    await git(["config", "remote.origin.url", remote.url], false);
    const mirrorRefspecs = request.refspecs.flatMap((r) => {
      const source = refspecSource(r);
      return source === undefined ? [] : [`+${source}:${source}`];
    });
    const stamp = join(cacheDir, `${remote.key}.ls-remote`);
    const listing = await git(["ls-remote", "origin"], true);
    const digest = createHash("sha256").update(listing).digest("hex");
    const previous = await readFile(stamp, "utf8").catch(() => undefined);
    if (previous?.trim() === digest) {
      // The stamp's mtime is the mirror's last use (sweepGitCache).
      await utimes(stamp, new Date(), new Date());
      log("The git cache is up to date (the repository did not change)");
    } else {
      log("Updating the git cache (the repository changed)...");
      const refspecs = [
        "+refs/heads/*:refs/heads/*",
        "+refs/tags/*:refs/tags/*",
        ...mirrorRefspecs,
      ];
      await git(["fetch", "--quiet", "--prune", "--no-tags", "origin", ...refspecs], true);
      await writeFile(stamp, `${digest}\n`);
    }
    // A ref or commit the last refresh did not bring (a merge request's ref, a commit of a
    // ref GitLab no longer lists): fetched by name.
    const sources = request.refspecs.flatMap((r) => refspecSource(r) ?? []);
    const missingRefs: string[] = [];
    for (const source of sources) if (!(await has(git, source))) missingRefs.push(source);
    const commit = `${request.sha}^{commit}`;
    const fetchQuietly = (refspecs: readonly string[]): Promise<unknown> =>
      git(["fetch", "--quiet", "--no-tags", "origin", ...refspecs], true).catch(
        (error: unknown) => {
          if (!isAirlockError(error)) throw error;
        },
      );
    if (missingRefs.length > 0) {
      log("Fetching the job's refs into the git cache...");
      await fetchQuietly(missingRefs.map((ref) => `+${ref}:${ref}`));
    }
    if (!(await has(git, commit))) {
      log(`Fetching ${request.sha.slice(0, 8)} into the git cache...`);
      await fetchQuietly([`+${request.sha}:refs/airlock/commits/${request.sha}`]);
      if (!(await has(git, commit))) {
        throw new AirlockError(
          "AIRLOCK_E_GIT_SOURCES",
          `commit ${request.sha} (ref ${request.ref}) is not in ${remote.url}`,
          { fix: "the commit may have been removed by a force push: run a new pipeline" },
        );
      }
    }
    const present: string[] = [];
    for (const refspec of request.refspecs) {
      const source = refspecSource(refspec);
      if (source !== undefined && (await has(git, source))) present.push(refspec);
    }
    return { path, url: remote.url, refspecs: present };
  });
}

async function has(
  git: (args: readonly string[], auth: boolean) => Promise<string>,
  object: string,
): Promise<boolean> {
  try {
    await git(["rev-parse", "--verify", "--quiet", object], false);
    return true;
  } catch (error: unknown) {
    if (isAirlockError(error)) return false;
    throw error;
  }
}
