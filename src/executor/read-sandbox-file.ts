import type { Sandbox } from "../sandbox/sandbox.js";
import { execOutput } from "./exec-output.js";

const missing = 3;

/**
 * The content of the regular file `path` in the sandbox, cut at `maxBytes + 1` bytes (so a
 * caller can tell "too big"), or undefined when there is no such file.
 */
export async function readSandboxFile(
  sandbox: Sandbox,
  path: string,
  maxBytes: number,
): Promise<Buffer | undefined> {
  const { result, stdout } = await execOutput(
    sandbox,
    ["sh", "-c", `test -f "$1" || exit ${missing}; exec cat -- "$1"`, "sh", path],
    maxBytes + 1,
  );
  return result.end === "exited" && result.exitCode === 0 ? stdout : undefined;
}
