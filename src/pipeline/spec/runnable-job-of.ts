import type { JobCache, JobNetwork, JobSpec } from "../../job/job-spec.js";
import { parseDuration } from "../duration/parse-duration.js";
import { cacheKey } from "../job/cache-key.js";
import type { ExecutorOptions } from "../job/parse-executor-options.js";
import { resolveCachePolicy } from "../job/resolve-cache-policy.js";
import { sizeFromTags } from "../job/size-from-tags.js";
import type { PipelineModel } from "../model/pipeline-model.js";
import type { PlannedJob } from "../model/planned-job.js";
import type { RunnableJob } from "../run/runnable-job.js";
import { expandText } from "../variables/expand-text.js";
import { jobVariablesOf } from "./job-variables-of.js";
import type { SpecContext } from "./spec-context.js";

/**
 * The network a job asks for: `AIRLOCK_NETWORK` (none, internet, allowlist) and
 * `AIRLOCK_NETWORK_ALLOW` (comma-separated) among its variables, else the run's. It can only
 * narrow what the run allows (the sandbox side enforces and reports that).
 */
function jobNetwork(values: ReadonlyMap<string, string>, runner: JobNetwork): JobNetwork {
  const policy = values.get("AIRLOCK_NETWORK");
  if (policy === undefined || policy === "") return runner;
  const allow = (values.get("AIRLOCK_NETWORK_ALLOW") ?? "").split(",").map((a) => a.trim());
  return {
    policy,
    allow: allow.filter((a) => a !== ""),
  };
}

/** GitLab Runner's default after_script timeout. */
const afterScriptTimeoutMs = 5 * 60 * 1000;

/**
 * A planned job as the run loop needs it: its JobSpec is made per run, once its
 * dependencies' dotenv variables are known. Variables are expanded where GitLab expands
 * them (image name, artifact and cache paths, cache keys, tags), never in scripts: the
 * job's shell does that.
 */
export function runnableJobOf(
  model: PipelineModel,
  job: PlannedJob,
  context: SpecContext,
): RunnableJob {
  const definition = job.definition;
  return {
    plan: job.plan,
    allowFailure: job.allowFailure,
    retry: definition.retry,
    artifactsFrom: job.artifactsFrom,
    delayMs:
      job.plan.when === "delayed" && job.startIn !== undefined
        ? (parseDuration(job.startIn) ?? 0)
        : 0,
    spec(inputs): JobSpec {
      const variables = jobVariablesOf(model, job, context, inputs.dotenv);
      const values = new Map(variables.map((v) => [v.name, v.value]));
      const expand = (text: string): string => expandText(text, (name) => values.get(name));
      const artifacts = definition.artifacts;
      return {
        id: String(context.jobIdOf(job.plan.name)),
        name: job.plan.name,
        stage: job.plan.stage,
        image:
          definition.image === undefined
            ? undefined
            : {
                name: expand(definition.image.name),
                entrypoint: definition.image.entrypoint,
                ...(definition.image.pullPolicy === undefined
                  ? {}
                  : { pullPolicy: definition.image.pullPolicy }),
                ...dockerOptions(definition.image.options, expand),
              },
        services: definition.services.map((service) => ({
          name: expand(service.name),
          aliases: service.aliases,
          ...(service.entrypoint === undefined ? {} : { entrypoint: service.entrypoint }),
          ...(service.command === undefined ? {} : { command: service.command }),
          variables: service.variables.map((v) => ({ name: v.name, value: expand(v.value) })),
          ...(service.pullPolicy === undefined ? {} : { pullPolicy: service.pullPolicy }),
          ...dockerOptions(service.options, expand),
        })),
        script: [...definition.beforeScript, ...definition.script],
        afterScript: definition.afterScript,
        afterScriptTimeoutMs,
        variables,
        projectDir: context.projectDir,
        source: { kind: "directory", hostDir: context.sourceDir },
        dependencies: inputs.dependencies,
        artifacts:
          artifacts === undefined
            ? undefined
            : {
                paths: artifacts.paths.map(expand),
                exclude: artifacts.exclude.map(expand),
                untracked: artifacts.untracked,
                when: artifacts.when,
                dotenv: artifacts.reports.dotenv.map(expand),
                hostDir: context.artifactsDirOf(job.plan.name),
              },
        caches: definition.caches.map((cache): JobCache => {
          const key = cacheKey(cache, {
            expand,
            filesDigest: (files, basis) => context.filesDigest(files, basis),
          });
          return {
            key,
            paths: cache.paths.map(expand),
            untracked: cache.untracked,
            policy: resolveCachePolicy(cache.policy, expand),
            when: cache.when,
            hostDir: context.cacheDirOf(key),
            fallbacks: [
              ...cache.fallbackKeys,
              ...(values.get("CACHE_FALLBACK_KEY") ?? "").split(","),
            ]
              .map((fallback) => expand(fallback).trim())
              .filter((fallback) => fallback !== "" && !fallback.includes("/"))
              .map((fallback) => ({ key: fallback, hostDir: context.cacheDirOf(fallback) })),
          };
        }),
        size: {
          ...context.defaultSize,
          ...sizeFromTags(definition.tags.map(expand), "airlock-", definition.node.child("tags")),
        },
        network: jobNetwork(values, context.network),
        timeoutMs: definition.timeoutMs ?? context.defaultTimeoutMs,
        allowFailure: job.allowFailure,
      };
    },
  };
}

/** `docker: user` and `docker: platform` of an image or service, expanded; empty ones left out. */
function dockerOptions(
  options: ExecutorOptions,
  expand: (text: string) => string,
): { user?: string; platform?: string } {
  const user = expand(options.docker.user ?? "");
  const platform = expand(options.docker.platform ?? "");
  return { ...(user === "" ? {} : { user }), ...(platform === "" ? {} : { platform }) };
}
