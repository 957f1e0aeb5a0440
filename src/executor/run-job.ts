import type { JobOutcome } from "../job/job-outcome.js";
import type { JobSpec } from "../job/job-spec.js";
import type { Sandbox } from "../sandbox/sandbox.js";
import { collectArtifacts } from "./collect-artifacts.host.js";
import { createLogSink } from "./create-log-sink.js";
import { detectShell } from "./detect-shell.js";
import { formatGoDuration } from "./format-go-duration.js";
import { handWorkspaceTo } from "./hand-workspace-to.js";
import { jobScript } from "./job-script.js";
import { maskText } from "./mask-text.js";
import { restoreWorkspace } from "./restore-workspace.host.js";
import { runShell } from "./run-shell.js";
import { saveCaches } from "./save-caches.host.js";
import { scriptOutcome, type ScriptOutcome } from "./script-outcome.js";
import { writeFileVariables } from "./write-file-variables.js";

export interface RunJobPorts {
  openSandbox(spec: JobSpec): Promise<Sandbox>;
  /** One line of the job log, secrets already masked. */
  onLog(line: string): void;
  /** Aborting cancels the job: the script is killed, after_script still runs. */
  readonly signal?: AbortSignal;
  now(): number;
}

/**
 * Runs one job the way GitLab Runner's bash shell does, in a sandbox it opens and always
 * destroys (also when a copy throws: the error then propagates after the destroy). The
 * outcome is the script's; after_script never changes it; `allowFailure` is left to the
 * caller. Every log line, the script's and the executor's own, is masked. With an image
 * user (`spec.image.runAs`) the scripts run as it, in a project directory handed to it;
 * everything else (sources, artifacts, caches) is done as the sandbox's root.
 */
export async function runJob(spec: JobSpec, ports: RunJobPorts): Promise<JobOutcome> {
  const started = ports.now();
  const secrets = spec.variables.filter((variable) => variable.masked).map((v) => v.value);
  const onLog = (line: string): void => {
    ports.onLog(line);
  };
  const say = (line: string): void => {
    onLog(maskText(secrets, line));
  };
  await using sandbox = await ports.openSandbox(spec);

  await restoreWorkspace(sandbox, spec, say);
  const env = await writeFileVariables(sandbox, spec.projectDir, spec.variables);
  const user = spec.image?.runAs;
  if (user !== undefined) await handWorkspaceTo(sandbox, spec.projectDir, user, say);
  // GitLab's docker executor: the image's entrypoint (or the job's override) wraps the shell.
  const entrypoint = (spec.image?.entrypoint ?? []).filter((token) => token !== "");
  const shell = [...entrypoint, await detectShell(sandbox)];

  say('Executing "step_script" stage of the job script');
  const result = await runShell(
    sandbox,
    shell,
    jobScript(spec.script),
    {
      env: { ...env, CI_JOB_STATUS: "running" },
      cwd: spec.projectDir,
      timeoutMs: spec.timeoutMs,
      signal: ports.signal,
      user,
    },
    createLogSink(secrets, onLog),
  );
  let outcome = scriptOutcome(result, spec.timeoutMs);

  // GitLab Runner runs no after_script once the job's timeout has passed (gitlab#15603).
  if (spec.afterScript.length > 0 && outcome.failureReason !== "job_execution_timeout") {
    await runAfterScript(sandbox, shell, spec, env, outcome, secrets, onLog, say);
  }
  await saveCaches(sandbox, spec, outcome.status, say);
  let dotenv: JobOutcome["dotenv"] = [];
  if (spec.artifacts !== undefined) {
    const collected = await collectArtifacts(
      sandbox,
      spec.projectDir,
      spec.artifacts,
      outcome.status,
      say,
    );
    if (collected.ok) dotenv = collected.dotenv;
    else outcome = reportRefused(outcome);
  }

  say("Cleaning up project directory and file based variables");
  say(outcome.message);
  return {
    status: outcome.status,
    failureReason: outcome.failureReason,
    exitCode: outcome.exitCode,
    durationMs: ports.now() - started,
    dotenv,
  };
}

/** after_script in a fresh shell with CI_JOB_STATUS; not canceled by the job's signal. */
async function runAfterScript(
  sandbox: Sandbox,
  shell: readonly string[],
  spec: JobSpec,
  env: Readonly<Record<string, string>>,
  outcome: ScriptOutcome,
  secrets: readonly string[],
  onLog: (line: string) => void,
  say: (line: string) => void,
): Promise<void> {
  say("Running after_script");
  say("Running after script...");
  const result = await runShell(
    sandbox,
    shell,
    jobScript(spec.afterScript),
    {
      env: { ...env, CI_JOB_STATUS: outcome.status },
      cwd: spec.projectDir,
      timeoutMs: spec.afterScriptTimeoutMs,
      signal: undefined,
      user: spec.image?.runAs,
    },
    createLogSink(secrets, onLog),
  );
  const why =
    result.end === "timeout"
      ? `execution took longer than ${formatGoDuration(spec.afterScriptTimeoutMs)} seconds`
      : result.end === "exited" && result.exitCode === 0
        ? undefined
        : `exit code ${result.exitCode}`;
  if (why !== undefined)
    say(`WARNING: after_script failed, but job will continue unaffected: ${why}`);
}

/** A dotenv report GitLab refuses fails the upload, and so the job, keeping the exit code. */
function reportRefused(outcome: ScriptOutcome): ScriptOutcome {
  if (outcome.status !== "success") return outcome;
  return {
    status: "failed",
    failureReason: "script_failure",
    exitCode: outcome.exitCode,
    message: "ERROR: Job failed: invalid dotenv report",
  };
}
