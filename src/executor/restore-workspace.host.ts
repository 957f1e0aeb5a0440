import { existsSync } from "node:fs";
import { AirlockError } from "../core/airlock-error.js";
import type { JobSpec } from "../job/job-spec.js";
import type { Sandbox } from "../sandbox/sandbox.js";
import { copyDirContent } from "./copy-dir-content.host.js";

/**
 * Fills projectDir in GitLab Runner's stage order: the sources, then the caches whose policy
 * pulls, then each dependency's artifacts in order (later ones overwrite earlier files).
 */
export async function restoreWorkspace(
  sandbox: Sandbox,
  spec: JobSpec,
  say: (line: string) => void,
): Promise<void> {
  const made = await sandbox.exec(["mkdir", "-p", spec.projectDir]);
  if (made.end !== "exited" || made.exitCode !== 0) {
    throw new AirlockError(
      "AIRLOCK_E_SANDBOX_EXEC_FAILED",
      `creating ${spec.projectDir} in the sandbox failed (exit code ${made.exitCode})`,
    );
  }
  await copyDirContent(sandbox, spec.source.hostDir, spec.projectDir);

  if (spec.caches.length > 0) say("Restoring cache");
  for (const cache of spec.caches) {
    if (cache.policy === "push") {
      say(`Not downloading cache ${cache.key} due to policy`);
      continue;
    }
    // GitLab Runner tries the key, then each fallback key in order; the first that exists
    // is restored (and the job still saves under its own key).
    for (const candidate of [{ key: cache.key, hostDir: cache.hostDir }, ...cache.fallbacks]) {
      say(`Checking cache for ${candidate.key}...`);
      if (await copyDirContent(sandbox, candidate.hostDir, spec.projectDir)) {
        say("Successfully extracted cache");
        break;
      }
      say("WARNING: file does not exist");
      say("Failed to extract cache");
    }
  }

  // Jobs that uploaded nothing (no artifacts:, nothing matched, or `when` not met) have no
  // directory and are not mentioned, as GitLab lists only jobs with artifacts.
  let announced = false;
  for (const dependency of spec.dependencies) {
    if (!existsSync(dependency.hostDir)) continue;
    if (!announced) say("Downloading artifacts");
    announced = true;
    say(`Downloading artifacts for ${dependency.jobName}...`);
    await copyDirContent(sandbox, dependency.hostDir, spec.projectDir);
  }
}
