import type { Sandbox } from "../sandbox/sandbox.js";

export type JobShell = "bash" | "sh";

/** `bash` when the image has it on PATH, else `sh` (as the runner's shell detection). One exec. */
export async function detectShell(sandbox: Sandbox): Promise<JobShell> {
  const result = await sandbox.exec(["sh", "-c", "command -v bash >/dev/null 2>&1"]);
  return result.end === "exited" && result.exitCode === 0 ? "bash" : "sh";
}
