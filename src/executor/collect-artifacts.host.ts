import { mkdir } from "node:fs/promises";
import type { JobStatus } from "../job/job-outcome.js";
import type { JobArtifacts, JobReport } from "../job/job-spec.js";
import type { Sandbox } from "../sandbox/sandbox.js";
import { copyOutSelection } from "./copy-out-selection.js";
import { normalizeArtifactPath } from "./normalize-artifact-path.js";
import type { DotenvVariable } from "./parse-dotenv.js";
import { readDotenvFiles } from "./read-dotenv-files.js";
import { selectWorkspacePaths } from "./select-workspace-paths.js";
import { whenMatches } from "./when-matches.js";

export type CollectedReports =
  | { readonly ok: true; readonly dotenv: readonly DotenvVariable[] }
  | { readonly ok: false; readonly error: string };

/**
 * Collects artifacts as the runner's uploader finds them, each entry on its own with its
 * own `paths`/`exclude`/`untracked`/`when` (a canceled job collects nothing): the archive
 * into `artifacts.hostDir`, then every report into its own `hostDir`, keeping the layout.
 * An entry that matches nothing says so ("No files to upload") and is not a failure. dotenv
 * reports (`dotenv` paths whatever the status, and `dotenv` reports) are read into the
 * variables; one GitLab would refuse makes the result not ok and stops collecting there
 * (GitLab Runner's uploads stop at the first failing one), its file left uncollected.
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
  const reports = (artifacts.reports ?? []).filter((report) => whenMatches(report.when, status));
  const dotenvDue = artifacts.dotenv.length > 0 && whenMatches("always", status);
  if (!archiveDue && reports.length === 0 && !dotenvDue) return { ok: true, dotenv: [] };
  say(`Uploading artifacts for ${status === "success" ? "successful" : "failed"} job`);

  if (archiveDue) {
    say("Uploading artifacts...");
    await collectEntry(sandbox, projectDir, artifacts, artifacts.hostDir, say);
  }
  const variables = new Map<string, string>();
  for (const report of reports) {
    say("Uploading artifacts...");
    const read = await collectReport(sandbox, projectDir, report, variables, say);
    if (!read.ok) return read;
  }
  if (dotenvDue) {
    say("Uploading artifacts...");
    const files = listedDotenvFiles(artifacts.dotenv, say);
    const read = await readDotenvFiles(sandbox, projectDir, files, variables, say, true);
    if (!read.ok) return read;
  }
  return { ok: true, dotenv: [...variables].map(([name, value]) => ({ name, value })) };
}

/** One report; a dotenv one is read (and refused) before its file is collected. */
async function collectReport(
  sandbox: Sandbox,
  projectDir: string,
  report: JobReport,
  variables: Map<string, string>,
  say: (line: string) => void,
): Promise<{ readonly ok: true } | { readonly ok: false; readonly error: string }> {
  if (report.type !== "dotenv") {
    await collectEntry(sandbox, projectDir, report, report.hostDir, say);
    return { ok: true };
  }
  const selection = await selectWorkspacePaths(sandbox, projectDir, report, say);
  const directories = new Set(selection.entries.filter((e) => e.directory).map((e) => e.path));
  const files = selection.paths.filter((path) => !directories.has(path));
  const read = await readDotenvFiles(sandbox, projectDir, files, variables, say, false);
  if (read.ok) await copySelection(sandbox, projectDir, selection, report.hostDir, say);
  return read;
}

/** Selects an entry's paths in the workspace and copies them to `hostDir`. */
async function collectEntry(
  sandbox: Sandbox,
  projectDir: string,
  rules: Pick<JobReport, "paths" | "exclude" | "untracked">,
  hostDir: string,
  say: (line: string) => void,
): Promise<void> {
  const selection = await selectWorkspacePaths(sandbox, projectDir, rules, say);
  await copySelection(sandbox, projectDir, selection, hostDir, say);
}

async function copySelection(
  sandbox: Sandbox,
  projectDir: string,
  selection: Awaited<ReturnType<typeof selectWorkspacePaths>>,
  hostDir: string,
  say: (line: string) => void,
): Promise<void> {
  if (selection.paths.length === 0) {
    say("ERROR: No files to upload");
    return;
  }
  await mkdir(hostDir, { recursive: true });
  await copyOutSelection(sandbox, projectDir, selection, hostDir);
}

/** `dotenv` paths name files: the normalized ones (an invalid one is said and left out). */
function listedDotenvFiles(paths: readonly string[], say: (line: string) => void): string[] {
  return paths.flatMap((report) => {
    const normalized = normalizeArtifactPath(report);
    if (normalized.ok) return [normalized.path];
    say(`WARNING: processPath: ${normalized.message}`);
    return [];
  });
}
