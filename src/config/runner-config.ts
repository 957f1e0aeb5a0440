/**
 * airlock's runner configuration: gitlab-runner's `config.toml` (same file, same meanings
 * where they apply) plus airlock's own `[runners.airlock]`. Read-only, validated, defaults
 * filled in (`parseRunnerConfig`). Reference: docs/runner.md.
 */
export interface RunnerConfig {
  /** Jobs at once over all runners (`concurrent`, default 1). */
  readonly concurrent: number;
  /** Seconds between job requests when there was nothing (`check_interval`; 0 means 3). */
  readonly checkIntervalSeconds: number;
  readonly logLevel: LogLevel;
  /** `host:port` for `/metrics`; undefined: not served. */
  readonly listenAddress: string | undefined;
  readonly runners: readonly RunnerEntry[];
}

export type LogLevel = "debug" | "info" | "warn" | "error" | "fatal" | "panic";

/** One `[[runners]]` table: one GitLab runner (token) this machine serves. */
export interface RunnerEntry {
  readonly name: string;
  /** GitLab's id for the runner, when known. */
  readonly id: number | undefined;
  /** The GitLab instance, e.g. `https://gitlab.example.com`. */
  readonly url: string;
  /** The runner authentication token (`glrt-...`, or a legacy token). */
  readonly token: string;
  /** ISO 8601 timestamps; `tokenExpiresAt` undefined means the token never expires. */
  readonly tokenObtainedAt: string | undefined;
  readonly tokenExpiresAt: string | undefined;
  /** Jobs at once for this runner; 0 means no limit of its own (`concurrent` still holds). */
  readonly limit: number;
  /** Job requests in flight at once for this runner (default 1). */
  readonly requestConcurrency: number;
  /** The job log limit in KiB (`output_limit`, default 4096). */
  readonly outputLimitKiB: number;
  /** `environment = ["KEY=VALUE"]`: variables added to every job. */
  readonly environment: readonly { readonly name: string; readonly value: string }[];
  /** `airlock` (the default) or `docker`: both run every job in an airlock sandbox. */
  readonly executor: "airlock" | "docker";
  readonly docker: DockerSettings;
  readonly airlock: AirlockSettings;
}

/** The `[runners.docker]` keys airlock honours: images for jobs that name an OCI image. */
export interface DockerSettings {
  /** The OCI image for jobs without `image:`; undefined: airlock's `default_image`. */
  readonly image: string | undefined;
  /** `always`, `if-not-present`, `never`; empty means the default (`always`). */
  readonly pullPolicy: readonly string[];
  readonly allowedPullPolicies: readonly string[];
  /** Glob patterns (`*`, `**`); empty means any image. */
  readonly allowedImages: readonly string[];
  readonly allowedServices: readonly string[];
}

export interface SandboxSizeConfig {
  readonly cpus: number;
  readonly memoryMiB: number;
  readonly diskMiB: number;
}

/** `[runners.airlock]`: what gitlab-runner has no key for. */
export interface AirlockSettings {
  readonly backend: "container" | "microvm";
  /** The size of a job whose runner tags name none. */
  readonly defaultSize: SandboxSizeConfig;
  /**
   * No job gets more, whatever its size tag asks for: the dimensions `max_size` sets; the
   * others are the host's own when the runner starts (maxSizeOn).
   */
  readonly maxSize: Partial<SandboxSizeConfig>;
  /** Tags `<prefix>4cpu-8gb` size the sandbox (default `airlock-`). */
  readonly sizeTagPrefix: string;
  /**
   * The runner's tags as set in GitLab (a runner token cannot read them back): a size tag
   * among them sizes every job of this runner, capped by `maxSize`.
   */
  readonly tags: readonly string[];
  /** The most a job may reach; jobs narrow it, never widen it. */
  readonly network: "none" | "internet" | "allowlist";
  /** With `allowlist`: `host:port`, CIDRs, hosts. */
  readonly allow: readonly string[];
  /** The airlock image (`airlock image build NAME`) for jobs without `image:`. */
  readonly defaultImage: string;
}

export const runnerConfigDefaults = {
  concurrent: 1,
  checkIntervalSeconds: 3,
  logLevel: "info",
  limit: 0,
  requestConcurrency: 1,
  outputLimitKiB: 4096,
  airlock: {
    backend: "container",
    defaultSize: { cpus: 2, memoryMiB: 4096, diskMiB: 10_240 },
    maxSize: {},
    sizeTagPrefix: "airlock-",
    tags: [],
    network: "internet",
    allow: [],
    defaultImage: "default",
  },
} as const satisfies {
  readonly concurrent: number;
  readonly checkIntervalSeconds: number;
  readonly logLevel: LogLevel;
  readonly limit: number;
  readonly requestConcurrency: number;
  readonly outputLimitKiB: number;
  readonly airlock: AirlockSettings;
};
