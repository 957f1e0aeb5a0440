import { isAirlockError } from "../../core/airlock-error.js";
import type { ErrorCode } from "../../core/error-catalog.js";
import type { Logger } from "../../core/logger.js";
import { maskText } from "../../executor/mask-text.js";
import { runJob } from "../../executor/run-job.js";
import type { FailureReason, JobOutcome } from "../../job/job-outcome.js";
import type { JobSpec } from "../../job/job-spec.js";
import type { SandboxBackend } from "../../sandbox/sandbox.js";
import { jobSandboxSpec, type JobImageChoice } from "./job-sandbox-spec.js";
import { serviceWaitTimeout } from "./service-wait-timeout.js";
import { startServices } from "./start-services.js";

/** What fails a job as `image_pull_failure`: its image or a service's could not be had. */
const imagePullCodes: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  "AIRLOCK_E_IMAGE_NOT_FOUND",
  "AIRLOCK_E_IMAGE_INVALID",
  "AIRLOCK_E_IMAGE_PULL_FAILED",
  "AIRLOCK_E_IMAGE_PULL_DENIED",
  "AIRLOCK_E_IMAGE_REJECTED",
]);

/**
 * The run loop's `execute`: one JobSpec through the executor in a fresh sandbox of
 * `backend`. What stops a job before or around its script (an image that is not there, a
 * sandbox that cannot be made) becomes a failed outcome with GitLab's failure reason and the
 * message in the job's log, never a crash of the whole run. Bugs are logged with their stack.
 * The job's image and its services' images are obtained first (jobSandboxSpec); the services
 * start beside the job in its sandbox before the script (startServices), and go with it.
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
      const prepared = await jobSandboxSpec(spec, backend.name, choice, onLog);
      const secrets = spec.variables.filter((v) => v.masked).map((v) => v.value);
      const serviceWait = serviceWaitTimeout(spec.variables);
      if (serviceWait.warning !== undefined && prepared.services.length > 0) {
        onLog(serviceWait.warning);
      }
      return await runJob(prepared.job, {
        openSandbox: async () => {
          const sandbox = await backend.create(prepared.sandbox);
          sandboxId = sandbox.id;
          dnsRoutes.set(sandbox.id, (line) => onLog(`DNS: ${line}`));
          try {
            await startServices(sandbox, prepared.services, onLog, {
              timeoutMs: serviceWait.ms,
              signal,
              mask: (text) => maskText(secrets, text),
            });
          } catch (error: unknown) {
            await sandbox.destroy().catch(() => undefined);
            throw error;
          }
          return sandbox;
        },
        onLog,
        signal,
        now: Date.now,
      });
    } catch (error: unknown) {
      let reason: FailureReason = "runner_system_failure";
      if (isAirlockError(error)) {
        if (imagePullCodes.has(error.code)) reason = "image_pull_failure";
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
