import { spawn } from "node:child_process";
import { AirlockError } from "../../core/airlock-error.js";

/** One host git command: its argv after `git`, its directory and its whole environment. */
export interface HostGitCommand {
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
}

/**
 * Runs git on the host and resolves to its stdout; its stderr lines go to `log`. Only for
 * protocol work on a bare mirror (nothing of a repository is ever run by it). A failure
 * throws AIRLOCK_E_GIT_SOURCES naming the git command and its last message.
 */
export function runHostGit(
  command: HostGitCommand,
  log: (line: string) => void,
  signal: AbortSignal,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", command.args, {
      cwd: command.cwd,
      env: command.env,
      stdio: ["ignore", "pipe", "pipe"],
      signal,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", (error) => {
      if (signal.aborted) {
        reject(error);
        return;
      }
      reject(
        new AirlockError("AIRLOCK_E_HOST_MISSING", `git could not be started: ${error.message}`, {
          fix: "install git (apt-get install git)",
          cause: error,
        }),
      );
    });
    child.on("close", (code) => {
      const messages = Buffer.concat(stderr).toString("utf8").trim();
      const lines = messages === "" ? [] : messages.split("\n");
      for (const line of lines) log(line);
      if (code === 0) {
        resolve(Buffer.concat(stdout).toString("utf8"));
        return;
      }
      reject(
        new AirlockError(
          "AIRLOCK_E_GIT_SOURCES",
          `git ${subcommandOf(command.args)} failed (exit code ${code ?? "none"}) while updating the repository mirror${lines.length > 0 ? `: ${lines.at(-1) ?? ""}` : ""}`,
          { fix: "check that GitLab serves the repository and that the runner reaches it" },
        ),
      );
    });
  });
}

/** The first argument that is neither an option nor the value of `-c`. */
function subcommandOf(args: readonly string[]): string {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "-c") i++;
    else if (!arg.startsWith("-")) return arg;
  }
  return "";
}
