import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import { AirlockError, isAirlockError } from "../../core/airlock-error.js";
import { downloadArtifact } from "../../gitlab/artifacts-api.js";
import type { GitlabJobPayload } from "../../gitlab/gitlab-job-payload.js";
import { jobSpecFromPayload } from "../../gitlab/job-spec-from-payload.js";
import { reportFinalState } from "../../gitlab/report-final-state.js";
import { currentOwner } from "../../sandbox/owner.host.js";
import { supportedFailureReason } from "../../gitlab/supported-failure-reason.js";
import { sectionEnd, sectionStart } from "../../gitlab/trace-section.js";
import { TraceUploader } from "../../gitlab/trace-uploader.js";
import type { JobOutcome } from "../../job/job-outcome.js";
import type { Sandbox, SandboxBackend } from "../../sandbox/sandbox.js";
import { jobExecutor } from "../run/job-executor.js";
import { cacheDirOf } from "./cache-dir-of.js";
import { checkoutBackend } from "./checkout-backend.js";
import { cloneSources } from "./clone-sources.host.js";
import { extractZip } from "./extract-zip.host.js";
import { forgetInFlight, recordInFlight } from "./in-flight-jobs.js";
import { runnerPullSettings } from "./runner-pull-settings.js";
import type { RunnerJobContext } from "./runner-job-context.js";
import { uploadJobArtifacts } from "./upload-job-artifacts.js";

/** What the final update reports. */
interface JobResult {
  readonly state: "success" | "failed";
  readonly failureReason: string | undefined;
  readonly exitCode: number | undefined;
}

const maxArtifactBytes = 4 * 1024 ** 3;

/**
 * One job GitLab handed this runner, start to final update: its log streamed (masked,
 * limited), its sources checked out of the host's git cache by a helper sandbox into a work
 * directory (cloneSources), its dependencies' artifacts downloaded, then the executor runs
 * it in a fresh sandbox of the runner's backend, its artifacts are uploaded and the final
 * state is reported until GitLab records it. `Job-Status: canceling` kills the script and
 * after_script still runs; `canceled` (or a 403) and the runner's cancel-all destroy the
 * sandbox at once. Never throws for the job's own failures: they are the job's result. The
 * work directory is removed whatever happens. The job is recorded as in flight (job token
 * included) before anything of it is made and forgotten once GitLab has its final state, so
 * that a runner that crashes in between reports it failed when it starts again
 * (recoverInFlightJobs).
 */
export async function runGitlabJob(
  context: RunnerJobContext,
  job: GitlabJobPayload,
  concurrentId: number,
): Promise<void> {
  const { runner, metrics } = context;
  const started = Date.now();
  await recordInFlight(context.workRoot, {
    runner: runner.name,
    url: runner.url,
    jobId: job.id,
    token: job.token,
    startedAt: new Date(started).toISOString(),
    owner: currentOwner(),
  });
  metrics.jobStarted(runner.name, job.jobInfo.timeInQueueSeconds);
  let metricState = "failed";
  let metricReason: string | undefined = "runner_system_failure";
  try {
    const ended = await runAndReport(context, job, concurrentId);
    metricState = ended.state;
    metricReason = ended.reason;
  } finally {
    metrics.jobFinished(runner.name, metricState, metricReason, (Date.now() - started) / 1000);
  }
}

/** What the metrics record of a job's end. */
interface JobEnd {
  readonly state: string;
  readonly reason: string | undefined;
}

async function runAndReport(
  context: RunnerJobContext,
  job: GitlabJobPayload,
  concurrentId: number,
): Promise<JobEnd> {
  const { api, runner, logger, metrics } = context;
  const soft = new AbortController();
  const remote = { canceling: false };
  let hardStop: "canceled" | "shutdown" | undefined;
  let sandbox: Sandbox | undefined;
  const stopNow = (why: "canceled" | "shutdown"): void => {
    hardStop ??= why;
    soft.abort();
    if (sandbox !== undefined) void sandbox.destroy().catch(() => undefined);
  };
  const trace = new TraceUploader({
    api,
    jobId: job.id,
    jobToken: job.token,
    secrets: [
      job.token,
      ...job.variables.filter((v) => v.masked).map((v) => v.value),
      ...job.credentials.map((c) => c.password),
    ],
    outputLimitBytes: runner.outputLimitKiB * 1024,
    intervalMs: context.traceIntervalMs,
    onRemoteState: (state) => {
      logger.info(`job ${job.id}: GitLab says ${state}`);
      if (state === "canceling") {
        remote.canceling = true;
        soft.abort();
      } else stopNow("canceled");
    },
    onError: (error) => {
      metrics.apiError(runner.name, "trace");
      logger.warn(`job ${job.id}: sending the log: ${String(error)}`);
    },
  });
  const onCancelAll = (): void => stopNow("shutdown");
  context.cancelAll.addEventListener("abort", onCancelAll, { once: true });
  if (context.cancelAll.aborted) onCancelAll();
  const tracked: SandboxBackend = {
    name: context.backend.name,
    probe: () => context.backend.probe(),
    create: async (spec) => {
      const creating = Date.now();
      const made = await context.backend.create(spec);
      metrics.sandboxCreated(context.backend.name, (Date.now() - creating) / 1000);
      sandbox = made;
      if (hardStop !== undefined) void made.destroy().catch(() => undefined);
      return made;
    },
  };

  await mkdir(join(context.workRoot, "jobs"), { recursive: true });
  const workDir = await mkdtemp(join(context.workRoot, "jobs", `${job.id}-`));
  let result: JobResult;
  try {
    result = await execute(context, tracked, job, concurrentId, workDir, trace, soft.signal);
  } catch (error: unknown) {
    trace.line(`ERROR: ${isAirlockError(error) ? error.message : String(error)}`);
    if (isAirlockError(error) && error.fix !== undefined) trace.line(`  fix: ${error.fix}`);
    if (!isAirlockError(error)) logger.warn(error instanceof Error ? (error.stack ?? "") : "");
    trace.line("ERROR: Job failed (system failure): runner_system_failure");
    result = { state: "failed", failureReason: "runner_system_failure", exitCode: undefined };
  } finally {
    context.cancelAll.removeEventListener("abort", onCancelAll);
    await rm(workDir, { recursive: true, force: true });
  }
  if (hardStop === "shutdown") {
    trace.line("ERROR: Job failed (system failure): the runner was stopped");
    result = { state: "failed", failureReason: "runner_system_failure", exitCode: undefined };
  }
  const summary = await trace.finish();
  // A job canceled in GitLab (or a 403) is over there: nothing more to report.
  if (hardStop === "canceled") {
    await forgetInFlight(context.workRoot, job.id);
    return { state: "canceled", reason: undefined };
  }
  const outcome = await reportFinalState(
    api,
    {
      jobId: job.id,
      jobToken: job.token,
      state: result.state,
      ...withDefined(
        "failureReason",
        supportedFailureReason(result.failureReason, job.features.failureReasons),
      ),
      ...withDefined("exitCode", result.exitCode),
      output: summary,
    },
    {
      retryMs: context.retryMs,
      errorAttempts: 10,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      onError: (error) => {
        metrics.apiError(runner.name, "update");
        logger.warn(`job ${job.id}: final update: ${String(error)}`);
      },
    },
  );
  await forgetInFlight(context.workRoot, job.id);
  logger.info(
    `job ${job.id}: ${result.state}${outcome === "job-gone" ? " (already over in GitLab)" : ""}`,
  );
  if (remote.canceling && result.failureReason === undefined && result.state === "failed") {
    return { state: "canceled", reason: undefined };
  }
  return { state: result.state, reason: result.failureReason };
}

async function execute(
  context: RunnerJobContext,
  backend: SandboxBackend,
  job: GitlabJobPayload,
  concurrentId: number,
  workDir: string,
  trace: TraceUploader,
  signal: AbortSignal,
): Promise<JobResult> {
  const { runner, api } = context;
  const log = (line: string): void => trace.line(line);
  const section = async <T>(name: string, header: string, body: () => Promise<T>): Promise<T> => {
    log(sectionStart(name, header, Date.now()));
    try {
      return await body();
    } finally {
      log(sectionEnd(name, Date.now()));
    }
  };
  log(`Running with airlock ${context.version} on ${runner.name}`);
  const translated = await section("prepare_executor", 'Preparing the "airlock" executor', () => {
    const size = context.size;
    log(
      `Using the ${backend.name} backend: a fresh sandbox with ${size.cpus} CPUs, ${size.memoryMiB} MiB memory, ${size.diskMiB} MiB disk`,
    );
    const depsDir = join(workDir, "dependencies");
    return Promise.resolve(
      jobSpecFromPayload(job, {
        runnerToken: runner.token,
        version: context.version,
        environment: runner.environment,
        defaultImage: runner.docker.image,
        network: { policy: runner.airlock.network, allow: runner.airlock.allow },
        size,
        concurrentId,
        sourceDir: join(workDir, "source"),
        artifactsDir: join(workDir, "artifacts"),
        reportsDir: join(workDir, "reports"),
        dependencyDirOf: (id) => join(depsDir, String(id)),
        cacheDirOf: (key) =>
          cacheDirOf(context.workRoot, job.jobInfo.projectId, job.gitInfo.protected === true, key),
      }),
    );
  });
  if (translated.kind === "refused") {
    log(`ERROR: Job failed: ${translated.message}`);
    return { state: "failed", failureReason: translated.failureReason, exitCode: undefined };
  }
  const spec = translated.spec;
  for (const warning of translated.warnings) log(warning);

  await section("get_sources", "Getting source from Git repository", () =>
    cloneSources(
      {
        git: job.gitInfo,
        variables: spec.variables,
        sourceDir: spec.source.hostDir,
        workRoot: context.workRoot,
        backend: checkoutBackend(context.backend, context.logger),
        image: runner.airlock.defaultImage,
      },
      log,
      signal,
    ),
  );
  const withArtifacts = job.dependencies.filter((d) => d.artifactsFile !== undefined);
  if (withArtifacts.length > 0) {
    await section("download_artifacts", "Downloading artifacts", async () => {
      for (const dependency of withArtifacts) {
        log(`Downloading artifacts for ${dependency.name} (${dependency.id})...`);
        const archive = await downloadArtifact(api, { ...dependency, signal });
        if (archive === undefined) {
          throw new AirlockError(
            "AIRLOCK_E_GITLAB_API",
            `the artifacts of ${dependency.name} (${dependency.id}) are not in GitLab (expired or never uploaded)`,
            {
              fix: "run the job that makes them again, or keep them longer (artifacts: expire_in)",
            },
          );
        }
        await extractZip(
          archive,
          join(workDir, "dependencies", String(dependency.id)),
          maxArtifactBytes,
        );
      }
    });
  }

  const run = jobExecutor(
    backend,
    {
      defaultImage: runner.airlock.defaultImage,
      ignoreImages: false,
      runnerNetwork: { policy: runner.airlock.network, allow: runner.airlock.allow },
      pull: runnerPullSettings(runner, job.credentials),
    },
    context.logger,
    context.dnsRoutes,
  );
  const outcome = await section("step_script", "Executing the job in its sandbox", () =>
    run(spec, log, signal),
  );
  const uploaded = await uploadJobArtifacts(context.api, job, spec, outcome, log);
  return resultOf(outcome, uploaded);
}

function resultOf(outcome: JobOutcome, uploaded: boolean): JobResult {
  if (outcome.status === "success" && !uploaded) {
    return { state: "failed", failureReason: "script_failure", exitCode: outcome.exitCode };
  }
  if (outcome.status === "success") {
    return { state: "success", failureReason: undefined, exitCode: outcome.exitCode };
  }
  return {
    state: "failed",
    failureReason: outcome.status === "canceled" ? undefined : outcome.failureReason,
    exitCode: outcome.exitCode,
  };
}

function withDefined<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
