import type { Sandbox } from "../sandbox/sandbox.js";
import { execOutput } from "./exec-output.js";

/**
 * The files git tracks in `projectDir` (`git ls-files -z` inside the sandbox), or a reason
 * when there is no such list (no git, not a repository).
 */
export async function listTracked(
  sandbox: Sandbox,
  projectDir: string,
): Promise<{ readonly tracked: readonly string[] } | { readonly reason: string }> {
  const { result, stdout } = await execOutput(
    sandbox,
    ["git", "-c", "safe.directory=*", "-C", projectDir, "ls-files", "-z"],
    64 * 1024 * 1024,
  );
  if (result.end !== "exited" || result.exitCode !== 0) {
    return { reason: `git ls-files failed with exit code ${result.exitCode}` };
  }
  return {
    tracked: stdout
      .toString("utf8")
      .split("\0")
      .filter((path) => path !== ""),
  };
}
