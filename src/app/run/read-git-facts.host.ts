import { basename } from "node:path";
import { AirlockError } from "../../core/airlock-error.js";
import { runCommand } from "../../core/run-command.host.js";
import type { GitFacts } from "../../pipeline/predefined/git-facts.js";

/**
 * The facts of the repository at `dir` for CI_* variables. Fails with a fix when `dir` is
 * not inside a git work tree or has no commit yet (GitLab pipelines always run for a commit).
 */
export async function readGitFacts(dir: string): Promise<GitFacts & { readonly topLevel: string }> {
  const git = async (...args: string[]): Promise<string | undefined> => {
    const result = await runCommand(["git", "-C", dir, ...args]);
    return result.exitCode === 0 ? result.stdout.replace(/\n$/, "") : undefined;
  };
  const topLevel = await git("rev-parse", "--show-toplevel");
  if (topLevel === undefined) {
    throw new AirlockError("AIRLOCK_E_USAGE", `${dir} is not inside a git repository`, {
      fix: "run airlock run in your project's git work tree (or `git init` and commit first)",
    });
  }
  const log = await git("log", "-1", "--format=%H%x00%an <%ae>%x00%aI%x00%B");
  const [sha, author, timestamp, message] = (log ?? "").split("\0");
  if (sha === undefined || author === undefined || timestamp === undefined) {
    throw new AirlockError("AIRLOCK_E_USAGE", `the repository at ${topLevel} has no commit yet`, {
      fix: "commit once: a pipeline runs for a commit (uncommitted changes are included)",
    });
  }
  // Independent questions, asked at once (each is a git process).
  const [branch, detachedTag, originHead, remoteUrl, userName, userEmail] = await Promise.all([
    git("symbolic-ref", "--quiet", "--short", "HEAD"),
    git("describe", "--tags", "--exact-match", "HEAD"),
    git("symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD"),
    git("remote", "get-url", "origin"),
    git("config", "user.name"),
    git("config", "user.email"),
  ]);
  return {
    topLevel,
    sha,
    branch,
    // A tag pipeline only on a HEAD detached at a tag; on a branch it is a branch pipeline.
    tag: branch === undefined ? detachedTag : undefined,
    message: message ?? "",
    author,
    timestamp,
    remoteUrl,
    defaultBranch: originHead?.replace(/^origin\//, "") ?? branch,
    directoryName: basename(topLevel),
    userName: userName ?? "",
    userEmail: userEmail ?? "",
  };
}
