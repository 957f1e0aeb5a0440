import type { Sandbox } from "../sandbox/sandbox.js";
import { fileVariablesDir } from "./write-file-variables.js";

/**
 * Gives the project directory and the file variables' directory (with all they hold) to
 * `user`, the job's image user, so its scripts can write where a root job could: `chown -R`
 * run as the sandbox's root (GitLab's docker executor gets the same by a umask of 0000).
 * An image without `chown` keeps them root's, which the job's log says (`say`).
 */
export async function handWorkspaceTo(
  sandbox: Sandbox,
  projectDir: string,
  user: { readonly uid: number; readonly gid: number },
  say: (line: string) => void,
): Promise<void> {
  const output: Buffer[] = [];
  const result = await sandbox.exec(
    [
      "sh",
      "-c",
      'owner=$1; shift; for d in "$@"; do [ ! -e "$d" ] || chown -R "$owner" "$d" || exit 1; done',
      "sh",
      `${user.uid}:${user.gid}`,
      projectDir,
      fileVariablesDir(projectDir),
    ],
    { onOutput: (_stream, chunk) => output.push(chunk), timeoutMs: 120_000 },
  );
  if (result.end !== "exited" || result.exitCode !== 0) {
    const why = Buffer.concat(output).toString("utf8").trim().split("\n").at(-1) ?? "";
    say(
      `WARNING: the project directory stays root's (chown to ${user.uid}:${user.gid} failed${why === "" ? "" : `: ${why}`}): the job's user may not write there`,
    );
  }
}
