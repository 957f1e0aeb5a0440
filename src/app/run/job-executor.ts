import { isAirlockError } from "../../core/airlock-error.js";
import type { Logger } from "../../core/logger.js";
import { runJob } from "../../executor/run-job.js";
import type { FailureReason, JobOutcome } from "../../job/job-outcome.js";
import type { JobSpec } from "../../job/job-spec.js";
import type { SandboxBackend } from "../../sandbox/sandbox.js";
import { jobSandboxSpec, type JobImageChoice } from "./job-sandbox-spec.js";

/**
 * The run loop's `execute`: one JobSpec through the executor in a fresh sandbox of
 * `backend`. What stops a job before or around its script (an image that is not there, a
 * sandbox that cannot be made) becomes a failed outcome with GitLab's failure reason and the
 * message in the job's log, never a crash of the whole run. Bugs are logged with their stack.
 * The DNS queries of a job's sandbox go to its log (`dnsRoutes`: sandbox id -> job log).
 */
export function jobExecutor(
  backend: SandboxBackend,
  choice: JobImageChoice,
  logger: Logger,
  dnsRoutes: Map<string, (line: string) => void>,
): (spec: JobSpec, onLog: (line: string) => void, signal: AbortSignal) => Promise<JobOutcome> {
  return async (spec, onLog, signal) => {
    const started = Date.now();
    let sandboxId: string | undefined;
    try {
      return await runJob(spec, {
        openSandbox: async (job) => {
          const spec = await jobSandboxSpec(job, backend.name, choice, onLog);
          const sandbox = await backend.create(spec);
          sandboxId = sandbox.id;
          dnsRoutes.set(sandbox.id, (line) => onLog(`DNS: ${line}`));
          return sandbox;
        },
        onLog,
        signal,
        now: Date.now,
      });
    } catch (error: unknown) {
      let reason: FailureReason = "runner_system_failure";
      if (isAirlockError(error)) {
        if (error.code === "AIRLOCK_E_IMAGE_NOT_FOUND") reason = "image_pull_failure";
        onLog(`ERROR: ${error.message}`);
        if (error.fix !== undefined) onLog(`  fix: ${error.fix}`);
      } else {
        onLog(`ERROR: internal error: ${String(error)}`);
        logger.warn(error instanceof Error ? (error.stack ?? error.message) : String(error));
      }
      onLog(`ERROR: Job failed (system failure): ${reason}`);
      return {
        status: "failed",
        failureReason: reason,
        exitCode: undefined,
        durationMs: Date.now() - started,
        dotenv: [],
      };
    } finally {
      if (sandboxId !== undefined) dnsRoutes.delete(sandboxId);
    }
  };
}
