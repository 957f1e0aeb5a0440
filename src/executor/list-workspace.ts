import { AirlockError } from "../core/airlock-error.js";
import type { Sandbox } from "../sandbox/sandbox.js";
import { execOutput } from "./exec-output.js";
import type { WorkspaceEntry } from "./match-artifact-paths.js";

const listing =
  'cd "$1" && find . -mindepth 1 ! -type d -print0 && printf "\\000" && find . -mindepth 1 -type d -print0';
const maxListing = 256 * 1024 * 1024;

/**
 * Every file and directory under `projectDir`, relative to it; symlinks are files (never
 * followed). Files first, then one empty record, then directories, NUL-separated.
 */
export async function listWorkspace(
  sandbox: Sandbox,
  projectDir: string,
): Promise<readonly WorkspaceEntry[]> {
  const { result, stdout } = await execOutput(
    sandbox,
    ["sh", "-c", listing, "sh", projectDir],
    maxListing,
  );
  if (result.end !== "exited" || result.exitCode !== 0) {
    throw new AirlockError(
      "AIRLOCK_E_SANDBOX_EXEC_FAILED",
      `listing ${projectDir} in the sandbox failed (${result.end}, exit code ${result.exitCode})`,
    );
  }
  return parseListing(stdout.toString("utf8"));
}

export function parseListing(text: string): readonly WorkspaceEntry[] {
  const records = text.split("\0");
  const boundary = records.indexOf("");
  const files = boundary === -1 ? records : records.slice(0, boundary);
  const directories = boundary === -1 ? [] : records.slice(boundary + 1);
  const entry = (record: string, directory: boolean): WorkspaceEntry => ({
    path: record.replace(/^\.\//, ""),
    directory,
  });
  return [
    ...files.filter((r) => r !== "").map((r) => entry(r, false)),
    ...directories.filter((r) => r !== "").map((r) => entry(r, true)),
  ];
}
