import { posix } from "node:path";
import { AirlockError } from "../core/airlock-error.js";
import type { JobVariable } from "../job/job-spec.js";
import type { Sandbox } from "../sandbox/sandbox.js";

/** Where GitLab Runner keeps file variables: beside the project dir, never inside it. */
export function fileVariablesDir(projectDir: string): string {
  return `${projectDir.replace(/\/+$/, "")}.tmp`;
}

/**
 * The job's environment: every variable by name, a `file: true` one holding the path of a
 * file (in `fileVariablesDir`) that this writes with its value. Values travel on stdin, never
 * in argv.
 */
export async function writeFileVariables(
  sandbox: Sandbox,
  projectDir: string,
  variables: readonly JobVariable[],
): Promise<Readonly<Record<string, string>>> {
  const dir = fileVariablesDir(projectDir);
  const env: Record<string, string> = {};
  for (const variable of variables) {
    if (!variable.file) {
      env[variable.name] = variable.value;
      continue;
    }
    const result = await sandbox.exec(
      ["sh", "-c", 'mkdir -p "$1" && cat > "$1/$2"', "sh", dir, variable.name],
      { stdin: variable.value },
    );
    if (result.end !== "exited" || result.exitCode !== 0) {
      throw new AirlockError(
        "AIRLOCK_E_SANDBOX_EXEC_FAILED",
        `writing the file variable ${variable.name} in the sandbox failed (exit code ${result.exitCode})`,
      );
    }
    env[variable.name] = posix.join(dir, variable.name);
  }
  return env;
}
