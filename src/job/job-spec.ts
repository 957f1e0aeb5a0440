/**
 * What to run, backend-neutral: produced by a job source (`pipeline/` for `airlock run`,
 * `gitlab/` for the runner), consumed by `executor/`. Plain read-only data; paths named
 * `host...` are on the host, every other path is inside the sandbox.
 */
export interface JobSpec {
  /** Unique within the pipeline run (`CI_JOB_ID`). */
  readonly id: string;
  /** GitLab's job name, matrix suffix included (`test: [ruby, 3]`). */
  readonly name: string;
  readonly stage: string;
  /** The image's name as the job wrote it, or undefined for the runner's default. */
  readonly image: JobImage | undefined;
  /** `services:`: images started beside the job, reachable by their aliases. */
  readonly services: readonly JobService[];
  /** before_script then script, run in one shell that stops at the first failing line. */
  readonly script: readonly string[];
  /** Run in a fresh shell after script, whatever its result; never changes the result. */
  readonly afterScript: readonly string[];
  readonly afterScriptTimeoutMs: number;
  /** In precedence order already resolved: one value per name, `CI_*` included. */
  readonly variables: readonly JobVariable[];
  /** The project directory inside the sandbox (`CI_PROJECT_DIR`, also the working dir). */
  readonly projectDir: string;
  readonly source: JobSource;
  /** Artifacts of earlier jobs to restore into projectDir before the script, in order. */
  readonly dependencies: readonly JobDependency[];
  readonly artifacts: JobArtifacts | undefined;
  readonly caches: readonly JobCache[];
  readonly size: JobSize;
  readonly network: JobNetwork;
  /** Wall-clock bound for before_script + script. */
  readonly timeoutMs: number;
  /** Exit codes that make a failure an allowed one (`allow_failure: exit_codes`). */
  readonly allowFailure: boolean | { readonly exitCodes: readonly number[] };
}

export type JobPullPolicy = "always" | "if-not-present" | "never";

export interface JobImage {
  readonly name: string;
  /**
   * The entrypoint the job's shell runs under: the job's `image: entrypoint` as written
   * (`[""]` or `[]`: none). Undefined: the image's own, which whoever resolves the image
   * fills in before the executor sees the spec (the executor wraps the shell with this).
   */
  readonly entrypoint: readonly string[] | undefined;
  /** `image: pull_policy`, in order; undefined: the runner's. */
  readonly pullPolicy?: readonly JobPullPolicy[];
  /** `image: docker: user`; undefined: the image's `User`. */
  readonly user?: string;
  /** `image: docker: platform` (`[os/]arch[/variant]`); undefined: the host's. */
  readonly platform?: string;
  /**
   * The numeric user the job's scripts run as (`user`, else the image's `User`, resolved in
   * the image's /etc/passwd), filled in by whoever resolves the image; undefined: root of
   * the sandbox. The executor hands the project directory to it before the scripts.
   * `groups`: its supplementary groups (the image's /etc/group entries listing it).
   */
  readonly runAs?: {
    readonly uid: number;
    readonly gid: number;
    readonly groups?: readonly number[];
  };
}

export interface JobService {
  readonly name: string;
  readonly aliases: readonly string[];
  /** Docker `--entrypoint` tokens; `[""]` clears the image's own; undefined: the image's. */
  readonly entrypoint?: readonly string[];
  /** Arguments replacing the image's `Cmd`; undefined: the image's. */
  readonly command?: readonly string[];
  /** The service's own variables (`HEALTHCHECK_TCP_PORT` names the port to wait for). */
  readonly variables?: readonly { readonly name: string; readonly value: string }[];
  readonly pullPolicy?: readonly JobPullPolicy[];
  /** `docker: user` of the service; undefined: its image's `User`. */
  readonly user?: string;
  /** `docker: platform` of the service; undefined: the host's. */
  readonly platform?: string;
}

/** `file: true` variables are written to a file and the variable holds its path. */
export interface JobVariable {
  readonly name: string;
  readonly value: string;
  readonly masked: boolean;
  readonly file: boolean;
}

/** The job's sources: a host directory copied into projectDir (a snapshot of the tree). */
export interface JobSource {
  readonly kind: "directory";
  readonly hostDir: string;
}

export interface JobDependency {
  readonly jobName: string;
  /** A directory on the host whose content is copied into projectDir. */
  readonly hostDir: string;
}

export type ArtifactsWhen = "on_success" | "on_failure" | "always";

/** Glob patterns are relative to projectDir; `**` matches any depth. */
export interface JobArtifacts {
  readonly paths: readonly string[];
  readonly exclude: readonly string[];
  readonly untracked: boolean;
  readonly when: ArtifactsWhen;
  /** dotenv report files (relative paths), read into variables for later jobs. */
  readonly dotenv: readonly string[];
  /** Where on the host the collected files go (created by the executor). */
  readonly hostDir: string;
  /** For the runner's uploader: the archive's `name` (expanded) and `expire_in`. */
  readonly name?: string;
  readonly expireIn?: string;
  /**
   * Further entries collected each on its own (the runner's reports: `junit`, `dotenv`, ...),
   * in the order GitLab listed them; undefined: none. A `dotenv` one is also read into the
   * outcome's variables, as `dotenv` is.
   */
  readonly reports?: readonly JobReport[];
}

/** `zip` (an archive), `gzip` (one stream, one member per file) or `raw` (one file as is). */
export type ArtifactFormat = "zip" | "gzip" | "raw";

/** One artifacts entry besides the archive, with its own paths and `when`. */
export interface JobReport {
  /** GitLab's `artifact_type` (`junit`, `dotenv`, `cobertura`, ...). */
  readonly type: string;
  readonly format: ArtifactFormat;
  readonly paths: readonly string[];
  readonly exclude: readonly string[];
  readonly untracked: boolean;
  readonly when: ArtifactsWhen;
  /** Where on the host the matched files go, keeping their layout (created when some match). */
  readonly hostDir: string;
  /** For the uploader: the entry's `name` (upload file name) and `expire_in`, as GitLab sent them. */
  readonly name: string | undefined;
  readonly expireIn: string | undefined;
}

export type CachePolicy = "pull" | "push" | "pull-push";
export type CacheWhen = "on_success" | "on_failure" | "always";

export interface JobCache {
  /** The resolved key; caches with the same key share content. */
  readonly key: string;
  readonly paths: readonly string[];
  readonly untracked: boolean;
  readonly policy: CachePolicy;
  readonly when: CacheWhen;
  /** The cache's directory on the host for this key (may not exist yet). */
  readonly hostDir: string;
  /** `fallback_keys` (then `CACHE_FALLBACK_KEY`): tried in order when `key` has no cache. */
  readonly fallbacks: readonly { readonly key: string; readonly hostDir: string }[];
}

export interface JobSize {
  readonly cpus: number;
  readonly memoryMiB: number;
  readonly diskMiB: number;
}

/**
 * A policy by name (`none`, `internet`, `allowlist`) with its allowlist entries, as text: it
 * may come from a job's variables, so the sandbox side parses it and fails the job when wrong.
 */
export interface JobNetwork {
  readonly policy: string;
  readonly allow: readonly string[];
}
