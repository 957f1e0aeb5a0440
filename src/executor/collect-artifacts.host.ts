import { mkdir } from "node:fs/promises";
import { posix } from "node:path";
import type { JobStatus } from "../job/job-outcome.js";
import type { JobArtifacts } from "../job/job-spec.js";
import type { Sandbox } from "../sandbox/sandbox.js";
import { copyOutSelection } from "./copy-out-selection.js";
import { normalizeArtifactPath } from "./normalize-artifact-path.js";
import { dotenvMaxBytes, parseDotenv, type DotenvVariable } from "./parse-dotenv.js";
import { readSandboxFile } from "./read-sandbox-file.js";
import { selectWorkspacePaths } from "./select-workspace-paths.js";
import { whenMatches } from "./when-matches.js";

export type CollectedReports =
  | { readonly ok: true; readonly dotenv: readonly DotenvVariable[] }
  | { readonly ok: false; readonly error: string };

/**
 * Uploads artifacts as the runner does: the archive (`paths`/`exclude`/`untracked`) when
 * `when` matches `status`, copied into `artifacts.hostDir` with its layout; dotenv reports
 * whatever the status (GitLab uploads reports with `when: always`), except for a canceled
 * job. A dotenv report GitLab would refuse makes the result not ok.
 */
export async function collectArtifacts(
  sandbox: Sandbox,
  projectDir: string,
  artifacts: JobArtifacts,
  status: JobStatus,
  say: (line: string) => void,
): Promise<CollectedReports> {
  const archive = artifacts.paths.length > 0 || artifacts.untracked;
  const archiveDue = archive && whenMatches(artifacts.when, status);
  const reportsDue = artifacts.dotenv.length > 0 && whenMatches("always", status);
  if (!archiveDue && !reportsDue) return { ok: true, dotenv: [] };
  say(`Uploading artifacts for ${status === "success" ? "successful" : "failed"} job`);

  if (archiveDue) {
    say("Uploading artifacts...");
    const selection = await selectWorkspacePaths(sandbox, projectDir, artifacts, say);
    if (selection.paths.length === 0) say("ERROR: No files to upload");
    else {
      await mkdir(artifacts.hostDir, { recursive: true });
      await copyOutSelection(sandbox, projectDir, selection, artifacts.hostDir);
    }
  }
  if (!reportsDue) return { ok: true, dotenv: [] };

  say("Uploading artifacts...");
  const variables = new Map<string, string>();
  for (const report of artifacts.dotenv) {
    const normalized = normalizeArtifactPath(report);
    const content = normalized.ok
      ? await readSandboxFile(sandbox, posix.join(projectDir, normalized.path), dotenvMaxBytes)
      : undefined;
    if (content === undefined) {
      say(
        normalized.ok
          ? `WARNING: ${normalized.path}: no matching files. Ensure that the artifact path is relative to the working directory (${projectDir})`
          : `WARNING: processPath: ${normalized.message}`,
      );
      continue;
    }
    say(`${report}: found 1 matching artifact files and directories`);
    const parsed = parseDotenv(content.toString("utf8"));
    if (!parsed.ok) {
      const error = `${report}: ${parsed.error}`;
      say(`ERROR: Uploading artifacts as "dotenv" failed: ${error}`);
      return { ok: false, error };
    }
    for (const variable of parsed.variables) variables.set(variable.name, variable.value);
  }
  return { ok: true, dotenv: [...variables].map(([name, value]) => ({ name, value })) };
}
