import { availableParallelism, totalmem } from "node:os";
import { setMaxListeners } from "node:events";
import { rm } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { stringify } from "yaml";
import { AirlockError } from "../../core/airlock-error.js";
import type { Logger } from "../../core/logger.js";
import type { JobNetwork } from "../../job/job-spec.js";
import type { JobOutcome } from "../../job/job-outcome.js";
import { loadPipeline } from "../../pipeline/load/load-pipeline.js";
import { parsePipeline } from "../../pipeline/model/parse-pipeline.js";
import type { PipelineModel } from "../../pipeline/model/pipeline-model.js";
import { planPipeline } from "../../pipeline/model/plan-pipeline.js";
import type { PlannedJob, PlannedPipeline } from "../../pipeline/model/planned-job.js";
import type { GitFacts } from "../../pipeline/predefined/git-facts.js";
import type { PipelineIdentity } from "../../pipeline/predefined/pipeline-identity.js";
import { buildGraph } from "../../pipeline/plan/build-graph.js";
import type { PlanResult } from "../../pipeline/plan/plan-job.js";
import { predefinedVariables } from "../../pipeline/predefined/predefined-variables.js";
import { projectIdentity } from "../../pipeline/predefined/project-identity.js";
import { RawNode } from "../../pipeline/raw/raw-node.js";
import { evaluateIf } from "../../pipeline/rules/evaluate-if.js";
import { parseIf } from "../../pipeline/rules/parse-if.js";
import { runPipeline } from "../../pipeline/run/run-pipeline.js";
import { runnableJobOf } from "../../pipeline/spec/runnable-job-of.js";
import { defaultSize } from "../../sandbox/sandbox-spec.js";
import type { SandboxBackend } from "../../sandbox/sandbox.js";
import { sandboxBackendFor } from "../sandbox-backend-for.js";
import { artifactsToSource } from "./artifacts-to-source.host.js";
import { coverageTracker } from "./coverage-tracker.js";
import { formatJobList } from "./format-job-list.js";
import { runPullSettings } from "./image-pull-settings.js";
import { jobExecutor } from "./job-executor.js";
import { listWorkTree } from "./list-work-tree.host.js";
import { readGitFacts } from "./read-git-facts.host.js";
import { formatSummary, type JobSummary } from "./report/job-summary.js";
import { plainReporter } from "./report/plain-reporter.js";
import { ttyReporter } from "./report/tty-reporter.js";
import { repositoryFiles, type RepositoryFiles } from "./repository-files.host.js";
import { claimRunDirectory } from "./run-directory.host.js";
import { selectJobs } from "./select-jobs.js";
import { snapshotTree } from "./snapshot-tree.host.js";

export interface LocalRunOptions {
  readonly directory: string;
  readonly file: string;
  readonly jobs: readonly string[];
  readonly withNeeds: boolean;
  readonly stage: string | undefined;
  /** `--variable` and `--secret` (masked) values, in the order given. */
  readonly variables: readonly {
    readonly name: string;
    readonly value: string;
    readonly masked: boolean;
  }[];
  readonly manual: readonly string[];
  readonly mode: "run" | "list" | "preview";
  readonly plain: boolean;
  readonly backend: "container" | "microvm";
  /** microVM only: allow TCG where KVM cannot boot a guest. */
  readonly allowTcg?: boolean;
  readonly network: JobNetwork;
  readonly concurrency: number | undefined;
  readonly defaultImage: string;
  readonly ignoreImages: boolean;
  /** Copy every job's artifacts into the work tree at the end (off by default). */
  readonly artifactsToSource: boolean;
  readonly logger: Logger;
}

const buildsDir = "/builds";
const defaultTimeoutMs = 60 * 60 * 1000;

/**
 * `airlock run`: the repository's pipeline, planned like GitLab would for a push of the
 * current work tree, each job in a fresh sandbox. Returns the exit status (0 passed, 1
 * failed). The snapshot is removed at the end; artifacts stay in the run's directory.
 */
export async function runLocalPipeline(options: LocalRunOptions): Promise<number> {
  const out = (text: string): boolean => process.stdout.write(text);
  const git = await readGitFacts(options.directory);
  const tree = await listWorkTree(git.topLevel);
  const repository = repositoryFiles(git.topLevel, tree.files);
  const project = projectIdentity(git.remoteUrl, git.directoryName);
  const createdAt = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  const identity = { pipelineId: 0, createdAt, configPath: options.file, buildsDir };
  const provisional = predefinedVariables(git, identity);
  const ifVariables = new Map([
    ...provisional,
    ...options.variables.map((v) => [v.name, v.value] as const),
  ]);
  const loaded = loadPipeline(options.file, repository.readFile, repository.listFiles, {
    evaluateIncludeRule: (rule) =>
      rule.child("if").isMissing || evaluateIf(parseIf(rule.child("if")), ifVariables),
    variables: Object.fromEntries(ifVariables),
  });
  for (const warning of loaded.warnings) process.stderr.write(`airlock: warning: ${warning}\n`);
  if (options.mode === "preview") {
    out(stringify(loaded.value, { aliasDuplicateObjects: false, lineWidth: 0 }));
    return 0;
  }
  const model = parsePipeline(RawNode.root(loaded.value, loaded.sourceMap));
  const run = options.mode === "run" ? claimRunDirectory(project.path) : undefined;
  let planning: LocalPlan | { readonly why: string };
  try {
    planning = planLocal(
      model,
      git,
      { ...identity, pipelineId: run?.pipelineId ?? 0 },
      project.path,
      repository,
      options,
    );
  } catch (error: unknown) {
    if (run !== undefined) await rm(run.dir, { recursive: true, force: true });
    throw error;
  }
  if ("why" in planning) {
    out(`No pipeline: ${planning.why}.\n`);
    if (run !== undefined) await rm(run.dir, { recursive: true, force: true });
    return 0;
  }
  const { predefined, planned, jobs } = planning;
  for (const name of options.manual) {
    const job = jobs.find((j) => j.plan.name === name);
    if (job === undefined || job.plan.when !== "manual") {
      if (run !== undefined) await rm(run.dir, { recursive: true, force: true });
      const manual = jobs.filter((j) => j.plan.when === "manual").map((j) => j.plan.name);
      throw new AirlockError(
        "AIRLOCK_E_USAGE",
        job === undefined
          ? `--manual: no job named ${JSON.stringify(name)} in this pipeline`
          : `--manual: ${name} is not a manual job (when: ${job.plan.when})`,
        {
          fix:
            manual.length === 0
              ? "this pipeline has no manual job"
              : `manual jobs: ${manual.join(", ")}`,
        },
      );
    }
  }
  if (options.mode === "list" || run === undefined) {
    out(`${formatJobList(jobs).join("\n")}\n`);
    return 0;
  }

  // The backend first: one this host cannot use fails before anything is copied.
  const dnsRoutes = new Map<string, (line: string) => void>();
  let backend: SandboxBackend;
  try {
    backend = sandboxBackendFor(
      options.backend,
      options.logger,
      (id, line) => dnsRoutes.get(id)?.(line),
      { allowTcg: options.allowTcg === true },
    );
  } catch (error: unknown) {
    await rm(run.dir, { recursive: true, force: true });
    throw error;
  }
  await snapshotTree(git.topLevel, tree, run.sourceDir);
  const jobIds = new Map(
    jobs.map((job, index) => [job.plan.name, run.pipelineId * 1000 + index + 1]),
  );
  const projectDir = `${buildsDir}/${project.path}`;
  const runnable = jobs.map((job) =>
    runnableJobOf(model, job, {
      predefined,
      pipelineVariables: options.variables,
      workflowVariables: planned.workflowVariables,
      projectUrl: predefined.get("CI_PROJECT_URL") ?? "",
      projectDir,
      sourceDir: run.sourceDir,
      jobIdOf: (name) => jobIds.get(name) ?? 0,
      artifactsDirOf: run.artifactsDirOf,
      cacheDirOf: run.cacheDirOf,
      filesDigest: repository.filesDigest,
      defaultSize: {
        cpus: defaultSize.cpus,
        memoryMiB: defaultSize.memoryMiB,
        diskMiB: defaultSize.diskMiB,
      },
      network: options.network,
      defaultTimeoutMs,
    }),
  );
  const reporter = options.plain ? plainReporter(out) : ttyReporter(out, Date.now);
  const execute = jobExecutor(
    backend,
    { ...options, runnerNetwork: options.network, pull: runPullSettings(process.env) },
    options.logger,
    dnsRoutes,
  );
  const coverage = coverageTracker(jobs);
  const summaries = new Map<string, JobSummary>();
  const abort = new AbortController();
  // Every running job's exec listens on this one signal: no listener limit applies.
  setMaxListeners(0, abort.signal);
  const onSignal = (): void => abort.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    const result = await runPipeline({
      jobs: runnable,
      stages: planned.stages,
      manual: new Set(options.manual),
      concurrency: options.concurrency ?? defaultConcurrency(),
      execute,
      artifactsDirOf: run.artifactsDirOf,
      signal: abort.signal,
      wait: (ms, signal) => sleep(ms, undefined, { signal }).catch(() => undefined),
      events: {
        ...reporter,
        jobLog: (job, line) => {
          reporter.jobLog(job, line);
          coverage.see(job, line);
        },
        jobEnded: (job, outcome, result, final) => {
          reporter.jobEnded(job, outcome, result, final);
          recordRun(summaries, job, outcome, result, coverage.of(job));
        },
      },
    });
    const ordered = jobs.map(
      (job) =>
        summaries.get(job.plan.name) ??
        neverRan(job.plan.name, result.results.get(job.plan.name) ?? "skipped"),
    );
    const waitingFor = jobs
      .filter((job) => result.results.get(job.plan.name) === "manual")
      .filter((job) =>
        jobs.some(
          (other) =>
            result.results.get(other.plan.name) === "blocked" &&
            (job.plan.blocking === true ||
              other.plan.needs?.some((need) => need.job === job.plan.name) === true),
        ),
      )
      .map((job) => job.plan.name);
    // GitLab: a blocking manual job (allow_failure: false) blocks the pipeline; a job waiting
    // on a non-blocking one it needs does not change the pipeline's status.
    const blocked = waitingFor.some((name) =>
      jobs.some((j) => j.plan.name === name && j.plan.blocking === true),
    );
    const status = !result.succeeded ? "failed" : blocked ? "blocked" : "passed";
    reporter.finish([
      ...formatSummary(ordered),
      "",
      `Pipeline ${String(run.pipelineId)} ${status}; artifacts in ${run.dir}/artifacts`,
      ...(waitingFor.length === 0
        ? []
        : [
            `Waiting for manual job${waitingFor.length > 1 ? "s" : ""} ${waitingFor.join(", ")}: start with ${waitingFor.map((name) => `--manual ${JSON.stringify(name)}`).join(" ")}`,
          ]),
    ]);
    if (options.artifactsToSource) {
      const names = jobs.map((job) => job.plan.name);
      const copied = await artifactsToSource(names, run.artifactsDirOf, git.topLevel);
      out(`Copied the artifacts of ${String(copied)} job(s) into ${git.topLevel}\n`);
    }
    if (abort.signal.aborted) {
      process.stderr.write(
        "airlock: interrupted; running jobs were canceled and their sandboxes destroyed\n",
      );
      return 130;
    }
    return result.succeeded ? 0 : 1;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await rm(run.sourceDir, { recursive: true, force: true });
  }
}

/** Jobs at once: one per core, more when memory allows (they mostly wait), at least 2. */
function defaultConcurrency(): number {
  const byMemory = Math.floor(totalmem() / (2 * 1024 ** 3));
  return Math.max(2, Math.min(availableParallelism() * 2, byMemory));
}

function recordRun(
  summaries: Map<string, JobSummary>,
  job: string,
  outcome: JobOutcome,
  result: PlanResult,
  coverage: string | undefined,
): void {
  const before = summaries.get(job);
  summaries.set(job, {
    job,
    result,
    durationMs: (before?.durationMs ?? 0) + outcome.durationMs,
    failureReason: outcome.failureReason,
    exitCode: outcome.exitCode,
    attempts: (before?.attempts ?? 0) + 1,
    coverage,
  });
}

function neverRan(job: string, result: PlanResult): JobSummary {
  return {
    job,
    result,
    durationMs: undefined,
    failureReason: undefined,
    exitCode: undefined,
    attempts: 0,
    coverage: undefined,
  };
}

interface LocalPlan {
  readonly predefined: ReadonlyMap<string, string>;
  readonly planned: PlannedPipeline;
  readonly jobs: readonly PlannedJob[];
}

/**
 * GitLab's pipeline creation for this run: predefined variables, workflow and job rules,
 * the jobs selected on the command line, and the needs graph checked (cycles and needs of
 * later-stage or missing jobs are errors, as GitLab reports them at creation), or why there
 * is no pipeline (workflow:rules, or rules that leave no job).
 */
function planLocal(
  model: PipelineModel,
  git: GitFacts,
  identity: PipelineIdentity,
  projectPath: string,
  repository: RepositoryFiles,
  options: LocalRunOptions,
): LocalPlan | { readonly why: string } {
  const predefined = predefinedVariables(git, identity);
  const planned = planPipeline(model, {
    predefined,
    pipelineVariables: options.variables,
    ref: git.tag ?? git.branch ?? git.sha,
    isTag: git.tag !== undefined,
    projectPath,
    changes: repository.changes,
    exists: repository.exists,
  });
  if (planned.kind === "skipped") return { why: planned.why };
  const jobs = selectJobs(planned.pipeline.jobs, options);
  buildGraph(
    jobs.map((job) => job.plan),
    planned.pipeline.stages,
  );
  return { predefined, planned: planned.pipeline, jobs };
}
