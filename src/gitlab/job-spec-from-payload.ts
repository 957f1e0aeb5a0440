import type {
  ArtifactFormat,
  ArtifactsWhen,
  CachePolicy,
  JobArtifacts,
  JobCache,
  JobNetwork,
  JobPullPolicy,
  JobReport,
  JobSize,
  JobSpec,
  JobVariable,
} from "../job/job-spec.js";
import { expandText } from "../pipeline/variables/expand-text.js";
import type { GitlabCache, GitlabJobPayload } from "./gitlab-job-payload.js";
import { projectPathOf } from "./project-path-of.js";
import { runnerVariables } from "./runner-variables.js";

/** What the runner decides for every job it takes, besides the payload. */
export interface PayloadContext {
  readonly runnerToken: string;
  readonly version: string;
  /** `[[runners]] environment`: added to every job, over the payload's variables. */
  readonly environment: readonly { readonly name: string; readonly value: string }[];
  /** `[runners.docker] image`: the image of jobs without `image:` (undefined: the default). */
  readonly defaultImage: string | undefined;
  /** `[runners.airlock] network` and `allow`: the most a job may reach. */
  readonly network: JobNetwork;
  readonly size: JobSize;
  /** `CI_CONCURRENT_ID`: this job's slot among the runner's running jobs. */
  readonly concurrentId: number;
  /** Host directories: the cloned sources, where artifacts are collected. */
  readonly sourceDir: string;
  readonly artifactsDir: string;
  /** The host directory under which every other artifacts entry gets its own directory. */
  readonly reportsDir: string;
  /** The host directory holding a dependency's extracted artifacts (undefined: none). */
  readonly dependencyDirOf: (id: number) => string | undefined;
  /** The host directory of a cache key for this job's project and ref protection. */
  readonly cacheDirOf: (key: string) => string;
}

export type PayloadTranslation =
  | { readonly kind: "spec"; readonly spec: JobSpec; readonly warnings: readonly string[] }
  /** The job cannot run here: fail it with this reason, `message` in its log. */
  | { readonly kind: "refused"; readonly failureReason: string; readonly message: string };

export const buildsDir = "/builds";
/** GitLab Runner's default after_script timeout (RUNNER_AFTER_SCRIPT_TIMEOUT). */
const afterScriptTimeoutMs = 5 * 60 * 1000;

/**
 * A job GitLab handed out as the backend-neutral JobSpec the executor runs. Variables: the
 * runner's own (`CI_PROJECT_DIR`, ...), then the payload's, then `environment`, one value per
 * name (the last wins); values not marked `raw` are expanded once against the others, and
 * `CI_JOB_TOKEN` is always masked. Images are passed on by name with their entrypoint, pull
 * policy and `executor_opts.docker` `user` and `platform`, services with their aliases and
 * the same options (the sandbox side
 * obtains them and refuses what it cannot run, as image_pull_failure). Artifacts: the first
 * `archive` entry is the spec's archive; every other entry (reports, in GitLab's order) is a
 * report of its own, collected into `reportsDir/<index>`; an entry in a format airlock cannot
 * make is named in `warnings` and not collected.
 */
export function jobSpecFromPayload(
  payload: GitlabJobPayload,
  context: PayloadContext,
): PayloadTranslation {
  const unknownStep = payload.steps.find(
    (step) => step.name !== "script" && step.name !== "after_script",
  );
  if (unknownStep !== undefined) {
    return {
      kind: "refused",
      failureReason: "runner_unsupported",
      message: `the job has a "${unknownStep.name}" step, which airlock does not run yet`,
    };
  }
  const projectPath = projectPathOf(payload);
  const projectDir = `${buildsDir}/${projectPath}`;
  const variables = jobVariables(payload, context, projectDir);
  const values = new Map(variables.map((v) => [v.name, v.value]));
  const expand = (text: string): string => expandText(text, (name) => values.get(name));
  const script = payload.steps.find((step) => step.name === "script")?.script ?? [];
  const afterScript = payload.steps.find((step) => step.name === "after_script")?.script ?? [];
  const warnings = payload.artifacts
    .filter((a) => formatOf(a.artifactFormat) === undefined)
    .map(
      (a) =>
        `WARNING: artifacts:reports:${a.artifactType}: the "${a.artifactFormat}" format is not supported by airlock; not uploaded`,
    );
  const imageName = payload.image?.name ?? context.defaultImage;
  return {
    kind: "spec",
    warnings,
    spec: {
      id: String(payload.id),
      name: payload.jobInfo.name,
      stage: payload.jobInfo.stage,
      image:
        imageName === undefined
          ? undefined
          : {
              name: expand(imageName),
              entrypoint: payload.image?.entrypoint,
              ...pullPolicyOf(payload.image?.pullPolicy ?? []),
              ...dockerUserOf(payload.image?.dockerUser, expand),
              ...dockerPlatformOf(payload.image?.dockerPlatform, expand),
            },
      services: payload.services.map((service) => ({
        name: expand(service.name),
        aliases: aliasesOf(service.alias),
        ...(service.entrypoint === undefined ? {} : { entrypoint: service.entrypoint }),
        ...(service.command === undefined ? {} : { command: service.command }),
        variables: service.variables.map((v) => ({ name: v.key, value: v.value })),
        ...pullPolicyOf(service.pullPolicy),
        ...dockerUserOf(service.dockerUser, expand),
        ...dockerPlatformOf(service.dockerPlatform, expand),
      })),
      script,
      afterScript,
      afterScriptTimeoutMs,
      variables,
      projectDir,
      source: { kind: "directory", hostDir: context.sourceDir },
      dependencies: payload.dependencies.flatMap((dependency) => {
        const hostDir = context.dependencyDirOf(dependency.id);
        return hostDir === undefined ? [] : [{ jobName: dependency.name, hostDir }];
      }),
      artifacts: jobArtifacts(payload, context, expand),
      caches: payload.cache.map((cache) => jobCache(cache, values, expand, context.cacheDirOf)),
      size: context.size,
      network: jobNetwork(values, context.network),
      timeoutMs: payload.timeoutSeconds * 1000,
      allowFailure: false,
    },
  };
}

function jobVariables(
  payload: GitlabJobPayload,
  context: PayloadContext,
  projectDir: string,
): readonly JobVariable[] {
  const byName = new Map<string, JobVariable & { readonly raw: boolean }>();
  const own = runnerVariables({
    buildsDir,
    projectDir,
    concurrentId: context.concurrentId,
    version: context.version,
    runnerToken: context.runnerToken,
  });
  for (const [name, value] of own) {
    byName.set(name, { name, value, masked: false, file: false, raw: true });
  }
  for (const v of payload.variables) {
    byName.delete(v.key);
    const masked = v.masked || v.key === "CI_JOB_TOKEN";
    byName.set(v.key, { name: v.key, value: v.value, masked, file: v.file, raw: v.raw });
  }
  for (const { name, value } of context.environment) {
    byName.delete(name);
    byName.set(name, { name, value, masked: false, file: false, raw: false });
  }
  const raw = new Map([...byName].map(([name, v]) => [name, v.value]));
  return [...byName.values()].map(({ raw: isRaw, ...variable }) =>
    isRaw ? variable : { ...variable, value: expandText(variable.value, (name) => raw.get(name)) },
  );
}

function jobArtifacts(
  payload: GitlabJobPayload,
  context: PayloadContext,
  expand: (text: string) => string,
): JobArtifacts | undefined {
  const archive = payload.artifacts.find((a) => a.artifactType === "archive");
  const reports = payload.artifacts.flatMap((entry, index): JobReport[] => {
    const format = formatOf(entry.artifactFormat);
    if (entry === archive || format === undefined) return [];
    return [
      {
        type: entry.artifactType,
        format,
        paths: entry.paths.map(expand),
        exclude: entry.exclude.map(expand),
        untracked: entry.untracked,
        when: whenOf(entry.when),
        hostDir: `${context.reportsDir}/${index}`,
        name: entry.name === undefined ? undefined : expand(entry.name),
        expireIn: entry.expireIn,
      },
    ];
  });
  if (archive === undefined && reports.length === 0) return undefined;
  return {
    paths: (archive?.paths ?? []).map(expand),
    exclude: (archive?.exclude ?? []).map(expand),
    untracked: archive?.untracked ?? false,
    when: whenOf(archive?.when),
    dotenv: [],
    hostDir: context.artifactsDir,
    ...(archive?.name === undefined ? {} : { name: expand(archive.name) }),
    ...(archive?.expireIn === undefined ? {} : { expireIn: archive.expireIn }),
    reports,
  };
}

/** The formats gitlab-runner's artifacts-uploader makes that airlock makes too. */
function formatOf(format: string): ArtifactFormat | undefined {
  return format === "zip" || format === "gzip" || format === "raw" ? format : undefined;
}

function jobCache(
  cache: GitlabCache,
  values: ReadonlyMap<string, string>,
  expand: (text: string) => string,
  cacheDirOf: (key: string) => string,
): JobCache {
  const key = expand(cache.key);
  const policy: CachePolicy =
    cache.policy === "pull" || cache.policy === "push" ? cache.policy : "pull-push";
  return {
    key,
    paths: cache.paths.map(expand),
    untracked: cache.untracked,
    policy,
    when: whenOf(cache.when),
    hostDir: cacheDirOf(key),
    fallbacks: [...cache.fallbackKeys, ...(values.get("CACHE_FALLBACK_KEY") ?? "").split(",")]
      .map((fallback) => expand(fallback).trim())
      .filter((fallback) => fallback !== "" && fallback !== key)
      .map((fallback) => ({ key: fallback, hostDir: cacheDirOf(fallback) })),
  };
}

/** `image: pull_policy` when GitLab sends one (unknown values are left to the runner's). */
function pullPolicyOf(policies: readonly string[]): { pullPolicy?: readonly JobPullPolicy[] } {
  const known = policies.filter(
    (p): p is JobPullPolicy => p === "always" || p === "if-not-present" || p === "never",
  );
  return known.length === 0 ? {} : { pullPolicy: known };
}

/** `image: docker: user`, expanded as GitLab does; absent or empty: the image's `User`. */
function dockerUserOf(
  user: string | undefined,
  expand: (text: string) => string,
): { user?: string } {
  const expanded = user === undefined ? "" : expand(user);
  return expanded === "" ? {} : { user: expanded };
}

/** `docker: platform` of an image or service, expanded; absent or empty: the host's. */
function dockerPlatformOf(
  platform: string | undefined,
  expand: (text: string) => string,
): { platform?: string } {
  const expanded = platform === undefined ? "" : expand(platform);
  return expanded === "" ? {} : { platform: expanded };
}

/** A service's `alias`: several names separated by commas or spaces (GitLab's Aliases()). */
function aliasesOf(alias: string | undefined): readonly string[] {
  return (alias ?? "").split(/[\s,]+/).filter((name) => name !== "");
}

function whenOf(when: string | undefined): ArtifactsWhen {
  return when === "on_failure" || when === "always" ? when : "on_success";
}

/** `AIRLOCK_NETWORK` / `AIRLOCK_NETWORK_ALLOW` among the job's variables narrow the runner's. */
function jobNetwork(values: ReadonlyMap<string, string>, runner: JobNetwork): JobNetwork {
  const policy = values.get("AIRLOCK_NETWORK");
  if (policy === undefined || policy === "") return runner;
  const allow = (values.get("AIRLOCK_NETWORK_ALLOW") ?? "").split(",").map((a) => a.trim());
  return { policy, allow: allow.filter((a) => a !== "") };
}
