import { join } from "node:path";
import type { GitlabJobPayload } from "../../gitlab/gitlab-job-payload.js";
import { jobSpecFromPayload } from "../../gitlab/job-spec-from-payload.js";
import { sectionEnd, sectionStart } from "../../gitlab/trace-section.js";
import type { TraceUploader } from "../../gitlab/trace-uploader.js";
import type { SandboxBackend } from "../../sandbox/sandbox.js";
import { jobExecutor } from "../run/job-executor.js";
import { cacheDirOf } from "./cache-dir-of.js";
import { checkoutBackend } from "./checkout-backend.js";
import { cloneSources } from "./clone-sources.host.js";
import { downloadDependencies } from "./download-dependencies.js";
import type { RunnerJobContext } from "./runner-job-context.js";
import { runnerJobResult, type RunnerJobResult } from "./runner-job-result.js";
import { runnerPullSettings } from "./runner-pull-settings.js";
import { uploadJobArtifacts } from "./upload-job-artifacts.js";

/**
 * The sections of one runner job in its work directory `workDir`, each logged to `trace`:
 * prepare_executor (the payload translated to a JobSpec, or refused with its failure reason),
 * get_sources (cloneSources), download_artifacts (the dependencies' artifacts), step_script
 * (the executor in a fresh sandbox of `backend`), then the artifacts uploaded. A job's own
 * failure is its result; anything else (sources, downloads, the runner) throws, for the
 * caller to report. `signal` stops the job (its after_script still runs).
 */
export async function executeRunnerJob(
  context: RunnerJobContext,
  backend: SandboxBackend,
  job: GitlabJobPayload,
  concurrentId: number,
  workDir: string,
  trace: TraceUploader,
  signal: AbortSignal,
): Promise<RunnerJobResult> {
  const { runner, api } = context;
  const log = (line: string): void => trace.line(line);
  const dependencyDirOf = (id: number): string => join(workDir, "dependencies", String(id));
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
        dependencyDirOf,
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
  if (job.dependencies.some((d) => d.artifactsFile !== undefined)) {
    await section("download_artifacts", "Downloading artifacts", () =>
      downloadDependencies(api, job.dependencies, dependencyDirOf, log, signal),
    );
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
  return runnerJobResult(outcome, uploaded);
}
