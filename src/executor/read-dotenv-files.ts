import { posix } from "node:path";
import type { Sandbox } from "../sandbox/sandbox.js";
import { dotenvMaxBytes, parseDotenv } from "./parse-dotenv.js";
import { readSandboxFile } from "./read-sandbox-file.js";

export type DotenvRead = { readonly ok: true } | { readonly ok: false; readonly error: string };

/**
 * Reads the dotenv files `files` (normalized paths relative to projectDir) from the sandbox
 * into `into`, later values over earlier ones. A file GitLab would refuse stops the reading
 * with its error, said as GitLab Runner's upload failure. A missing one (or not a regular
 * file) is skipped with a warning. `announce`: say each found or missing as the uploader's
 * path matching does (for files not matched and announced already).
 */
export async function readDotenvFiles(
  sandbox: Sandbox,
  projectDir: string,
  files: readonly string[],
  into: Map<string, string>,
  say: (line: string) => void,
  announce: boolean,
): Promise<DotenvRead> {
  for (const file of files) {
    const content = await readSandboxFile(sandbox, posix.join(projectDir, file), dotenvMaxBytes);
    if (content === undefined) {
      say(
        announce
          ? `WARNING: ${file}: no matching files. Ensure that the artifact path is relative to the working directory (${projectDir})`
          : `WARNING: ${file}: not a regular file; not read as a dotenv report`,
      );
      continue;
    }
    if (announce) say(`${file}: found 1 matching artifact files and directories`);
    const parsed = parseDotenv(content.toString("utf8"));
    if (!parsed.ok) {
      const error = `${file}: ${parsed.error}`;
      say(`ERROR: Uploading artifacts as "dotenv" failed: ${error}`);
      return { ok: false, error };
    }
    for (const variable of parsed.variables) into.set(variable.name, variable.value);
  }
  return { ok: true };
}
