import { spawn } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { AirlockError } from "../../core/airlock-error.js";
import type { GitlabGitInfo } from "../../gitlab/gitlab-job-payload.js";

/**
 * Git settings for fetching a repository the host must not trust: no hooks, no local-file or
 * ext transports, no submodules, no fsmonitor or other config-driven commands, no prompts,
 * no system or user config (HOME points at `home`), symlinks checked out as links (as GitLab
 * Runner does). Nothing of the repository is executed on the host.
 */
function safeGit(home: string): {
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
} {
  return {
    args: [
      "-c",
      "core.hooksPath=/dev/null",
      "-c",
      "protocol.file.allow=never",
      "-c",
      "protocol.ext.allow=never",
      "-c",
      "submodule.recurse=false",
      "-c",
      "core.fsmonitor=false",
      "-c",
      "core.symlinks=true",
      "-c",
      "credential.helper=",
      "-c",
      "http.followRedirects=false",
      "-c",
      "advice.detachedHead=false",
    ],
    env: {
      PATH: process.env["PATH"] ?? "/usr/bin:/bin",
      HOME: home,
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_TERMINAL_PROMPT: "0",
      GIT_ALLOW_PROTOCOL: "http:https",
      GIT_LFS_SKIP_SMUDGE: "1",
    },
  };
}

/**
 * Fetches the job's commit as GitLab Runner's `fetch` strategy does (init, the payload's
 * refspecs at its depth, a forced checkout of the sha) into `dir`, with git's protections
 * (safeGit). `log` gets git's own messages; the repository URL holds the job token, so the
 * caller masks it. Throws AIRLOCK_E_SANDBOX_EXEC_FAILED with git's message when a step fails.
 */
export async function cloneSources(
  git: GitlabGitInfo,
  dir: string,
  home: string,
  log: (line: string) => void,
  signal: AbortSignal,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  await mkdir(home, { recursive: true });
  const safe = safeGit(home);
  const run = (args: readonly string[]): Promise<void> =>
    runGit([...safe.args, ...args], dir, safe.env, log, signal);
  await run(["init", "-q", "."]);
  await run(["remote", "add", "origin", git.repoUrl]);
  const depth = git.depth === undefined || git.depth <= 0 ? [] : [`--depth=${git.depth}`];
  const refspecs = git.refspecs.length > 0 ? git.refspecs : [`+${git.sha}:refs/airlock/job`];
  log(`Fetching changes${depth.length > 0 ? ` with git depth set to ${git.depth}` : ""}...`);
  await run(["fetch", "--no-tags", "--prune", "--quiet", ...depth, "origin", ...refspecs]);
  log(`Checking out ${git.sha.slice(0, 8)} as detached HEAD (ref is ${git.ref})...`);
  await run(["checkout", "-f", "-q", git.sha]);
}

function runGit(
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
  signal: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], signal });
    const output: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => output.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => output.push(chunk));
    child.on("error", (error) => {
      reject(
        new AirlockError("AIRLOCK_E_HOST_MISSING", `git could not be started: ${error.message}`, {
          fix: "install git (apt-get install git)",
          cause: error,
        }),
      );
    });
    child.on("close", (code) => {
      const text = Buffer.concat(output).toString("utf8").trim();
      for (const line of text === "" ? [] : text.split("\n")) log(line);
      if (code === 0) resolve();
      else {
        reject(
          new AirlockError(
            "AIRLOCK_E_SANDBOX_EXEC_FAILED",
            `git ${args.filter((a) => !a.includes("=")).find((a) => a !== "-c") ?? ""} failed (exit code ${code ?? "none"}) while getting the sources`,
          ),
        );
      }
    });
  });
}
