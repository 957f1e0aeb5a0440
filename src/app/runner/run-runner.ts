import { availableParallelism, totalmem } from "node:os";
import { join } from "node:path";
import { AirlockError } from "../../core/airlock-error.js";
import type { Logger } from "../../core/logger.js";
import { maxSizeOn } from "../../config/max-size-on.js";
import type { LogLevel } from "../../config/runner-config.js";
import { gitlabApi } from "../../gitlab/gitlab-api.js";
import { pollJobs, type PollEvent, type PollTarget } from "../../gitlab/poll-jobs.js";
import { airlockRunnerInfo } from "../../gitlab/runner-info.js";
import { runnerJobSize } from "../../gitlab/runner-job-size.js";
import type { SandboxBackend } from "../../sandbox/sandbox.js";
import { sandboxBackendFor } from "../sandbox-backend-for.js";
import { checkoutBackend } from "./checkout-backend.js";
import { airlockVersion } from "./airlock-version.js";
import { failInvalidJob } from "./fail-invalid-job.js";
import { loadRunnerConfig } from "./load-runner-config.js";
import { runGitlabJob } from "./run-gitlab-job.js";
import type { RunnerJobContext } from "./runner-job-context.js";
import { recoverInFlightJobs } from "./recover-in-flight-jobs.js";
import { runnerMetrics } from "./runner-metrics.js";
import { runnerSystemId } from "./runner-system-id.js";
import { serveMetrics, type MetricsServer } from "./serve-metrics.js";
import { keepTokenFresh } from "./token-rotation.js";

export interface RunnerOptions {
  readonly configPath: string;
  readonly stateDir: string;
  /** Logs until the configuration is read; then `loggerFor(log_level)` when given. */
  readonly logger: Logger;
  readonly loggerFor?: (level: LogLevel) => Logger;
  /** After the first SIGTERM/SIGINT, running jobs get this long before they are canceled. */
  readonly shutdownTimeoutMs: number;
  /** microVM only: run under TCG where KVM cannot boot a guest. */
  readonly allowTcg?: boolean;
  /** Aborting it acts as the first SIGTERM (callers that embed the runner, tests). */
  readonly stop?: AbortSignal;
}

/**
 * `airlock runner`: polls GitLab for every configured runner and runs each job in a fresh
 * sandbox of that runner's backend (runGitlabJob), at most `limit` per runner and
 * `concurrent` in all. The first SIGTERM or SIGINT stops polling and lets running jobs
 * finish for up to `shutdownTimeoutMs`; a second signal (or that time) cancels them, each
 * reported as `runner_system_failure`. Resolves when polling stopped and every job settled;
 * throws AIRLOCK_E_GITLAB_FORBIDDEN when GitLab refused every runner's token. Tokens that
 * expire are rotated before they do, and the new ones written to the configuration file.
 * Before polling, jobs a crashed runner left in flight are failed and orphaned sandboxes
 * swept (recoverInFlightJobs); with `listen_address`, `/metrics` is served while it runs.
 */
export async function runRunner(options: RunnerOptions): Promise<void> {
  const { config, warnings } = await loadRunnerConfig(options.configPath, false);
  const logger = options.loggerFor?.(config.logLevel) ?? options.logger;
  for (const warning of warnings) logger.warn(warning.message);
  if (config.runners.length === 0) {
    throw new AirlockError("AIRLOCK_E_RUNNER_CONFIG", `${options.configPath} has no [[runners]]`, {
      fix: "register one first: airlock register --url URL --token glrt-...",
    });
  }
  const systemId = await runnerSystemId(options.stateDir);
  const workRoot = join(options.stateDir, "runner");
  const dnsRoutes = new Map<string, (line: string) => void>();
  const backends = new Map<string, SandboxBackend>();
  const stopPolling = new AbortController();
  const cancelAll = new AbortController();
  const contexts = new Map<string, RunnerJobContext>();
  const metrics = runnerMetrics();
  for (const runner of config.runners) {
    const size = runnerJobSize(
      runner.name,
      runner.airlock.tags,
      runner.airlock.sizeTagPrefix,
      runner.airlock.defaultSize,
      maxSizeOn(runner.airlock.maxSize, {
        cpus: availableParallelism(),
        memoryMiB: Math.floor(totalmem() / 1024 ** 2),
      }),
    );
    for (const line of size.capped) logger.warn(`runner "${runner.name}": ${line}`);
    let backend = backends.get(runner.airlock.backend);
    if (backend === undefined) {
      backend = sandboxBackendFor(
        runner.airlock.backend,
        logger,
        (id, line) => dnsRoutes.get(id)?.(line),
        { allowTcg: options.allowTcg === true },
      );
      const probe = await backend.probe();
      if (!probe.usable) {
        throw new AirlockError(
          "AIRLOCK_E_HOST_MISSING",
          `runner "${runner.name}": the ${backend.name} backend cannot run here: ${probe.reason ?? "unknown reason"}`,
          { fix: "run airlock doctor --fix, or choose another [runners.airlock] backend" },
        );
      }
      backends.set(runner.airlock.backend, backend);
      if (backend.name !== "container") {
        // Sources are checked out in a container helper whatever the job's backend.
        const helper = await checkoutBackend(backend, logger).probe();
        if (!helper.usable) {
          throw new AirlockError(
            "AIRLOCK_E_HOST_MISSING",
            `runner "${runner.name}": jobs' sources are checked out in a container sandbox, and the container backend cannot run here: ${helper.reason ?? "unknown reason"}`,
            { fix: "run airlock doctor --fix (runc, user namespaces, cgroups)" },
          );
        }
      }
    }
    contexts.set(runner.name, {
      runner,
      api: gitlabApi(runner.url),
      backend,
      size: size.size,
      version: airlockVersion,
      logger,
      workRoot,
      dnsRoutes,
      traceIntervalMs: 3000,
      retryMs: 1000,
      cancelAll: cancelAll.signal,
      metrics,
    });
  }
  await recoverInFlightJobs(workRoot, logger, 1000);
  let metricsServer: MetricsServer | undefined;
  if (config.listenAddress !== undefined) {
    metricsServer = await serveMetrics(config.listenAddress, metrics.registry);
    logger.info(`serving /metrics on http://${metricsServer.address}/metrics`);
  }

  let signals = 0;
  let grace: NodeJS.Timeout | undefined;
  const onSignal = (): void => {
    signals++;
    if (signals === 1) {
      logger.warn(
        `stopping: no new jobs; running jobs have ${Math.round(options.shutdownTimeoutMs / 1000)} s to finish (signal again to cancel them)`,
      );
      stopPolling.abort();
      grace = setTimeout(() => cancelAll.abort(), options.shutdownTimeoutMs);
    } else {
      logger.warn("canceling the running jobs");
      cancelAll.abort();
    }
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
  options.stop?.addEventListener("abort", onSignal, { once: true });
  const tokens = new Map<string, string>();
  const stopRotations = config.runners.map((runner) =>
    keepTokenFresh(
      options.configPath,
      runner,
      contexts.get(runner.name)?.api ?? gitlabApi(runner.url),
      logger,
      (token) => tokens.set(runner.name, token),
    ),
  );
  const forbidden = new Set<string>();
  const inUse = new Map<string, Set<number>>();
  try {
    logger.info(
      `airlock runner ${airlockVersion} (${systemId}): ${config.runners.length} runner(s)`,
    );
    await pollJobs({
      runners: config.runners.map((runner): PollTarget => ({
        name: runner.name,
        api: contexts.get(runner.name)?.api ?? gitlabApi(runner.url),
        get token() {
          return tokens.get(runner.name) ?? runner.token;
        },
        limit: runner.limit,
        requestConcurrency: runner.requestConcurrency,
      })),
      concurrent: config.concurrent,
      checkIntervalMs: config.checkIntervalSeconds * 1000,
      systemId,
      info: airlockRunnerInfo(airlockVersion),
      signal: stopPolling.signal,
      runJob: async (target, job) => {
        const context = contexts.get(target.name);
        if (context === undefined) throw new Error(`no context for runner ${target.name}`);
        const used = inUse.get(target.name) ?? new Set<number>();
        inUse.set(target.name, used);
        let id = 0;
        while (used.has(id)) id++;
        used.add(id);
        try {
          await runGitlabJob(context, job, id);
        } finally {
          used.delete(id);
        }
      },
      failInvalidJob: (target, invalid) => failInvalidJob(target.api, invalid, logger, 1000),
      onEvent: (event) => {
        if (event.kind === "forbidden") forbidden.add(event.runner);
        if (event.kind === "forbidden" || event.kind === "request-failed") {
          metrics.apiError(event.runner, event.kind === "forbidden" ? "forbidden" : "request");
        }
        logEvent(logger, event);
      },
    });
  } finally {
    process.off("SIGTERM", onSignal);
    process.off("SIGINT", onSignal);
    options.stop?.removeEventListener("abort", onSignal);
    for (const stopRotation of stopRotations) stopRotation();
    if (grace !== undefined) clearTimeout(grace);
    await metricsServer?.close();
  }
  if (forbidden.size === config.runners.length) {
    throw new AirlockError(
      "AIRLOCK_E_GITLAB_FORBIDDEN",
      `GitLab refused the token of every runner (${[...forbidden].join(", ")})`,
      {
        fix: "the runners were deleted in GitLab or their tokens expired or were reset: airlock verify --delete, then airlock register again",
      },
    );
  }
}

function logEvent(logger: Logger, event: PollEvent): void {
  switch (event.kind) {
    case "job":
      logger.info(`${event.runner}: job ${event.job.id} (${event.job.jobInfo.name}) received`);
      return;
    case "request-failed":
      logger.warn(
        `${event.runner}: ${event.error.message}; retrying in ${Math.round(event.retryInMs / 1000)} s`,
      );
      return;
    case "forbidden":
      logger.warn(
        `${event.runner}: GitLab refused the token; this runner is no longer polled: ${event.error.message}`,
      );
      return;
    case "invalid-job":
      logger.warn(
        `${event.runner}: job ${event.jobId} cannot be read; failing it: ${event.error.message}`,
      );
      return;
    case "job-failed":
      logger.warn(
        `${event.runner}: job ${event.jobId}: ${event.error instanceof Error ? (event.error.stack ?? event.error.message) : String(event.error)}`,
      );
      return;
  }
}
