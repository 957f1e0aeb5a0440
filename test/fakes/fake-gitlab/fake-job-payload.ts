/** What a test may set on a job the fake offers; everything else gets GitLab-like defaults. */
export interface FakeJobOptions {
  readonly name?: string;
  readonly stage?: string;
  readonly script?: readonly string[];
  readonly afterScript?: readonly string[];
  readonly timeoutSeconds?: number;
  readonly variables?: readonly FakeVariable[];
  readonly image?: string;
  readonly dependencies?: readonly FakeDependency[];
  readonly artifacts?: readonly Readonly<Record<string, unknown>>[];
  readonly cache?: readonly Readonly<Record<string, unknown>>[];
  readonly projectId?: number;
  readonly ref?: string;
  /** The commit to check out (default: a fixed sha that no repository has). */
  readonly sha?: string;
  readonly protectedRef?: boolean;
  /** Keys replaced or added at the top level of the payload after it is built. */
  readonly raw?: Readonly<Record<string, unknown>>;
}

export interface FakeVariable {
  readonly key: string;
  readonly value: string;
  readonly masked?: boolean;
  readonly file?: boolean;
  readonly public?: boolean;
  readonly raw?: boolean;
}

export interface FakeDependency {
  readonly id: number;
  readonly name: string;
  readonly token: string;
  readonly filename?: string;
  readonly size?: number;
}

/**
 * A job payload shaped as GitLab's `POST /jobs/request` 201 answer
 * (lib/api/entities/ci/job_request/response.rb and the runner's common/network.go).
 */
export function fakeJobPayload(
  id: number,
  token: string,
  baseUrl: string,
  options: FakeJobOptions,
): Readonly<Record<string, unknown>> {
  const timeout = options.timeoutSeconds ?? 3600;
  const projectId = options.projectId ?? 42;
  const ref = options.ref ?? "main";
  const sha = options.sha ?? "0123456789abcdef0123456789abcdef01234567";
  const host = new URL(baseUrl).host;
  const predefined: FakeVariable[] = [
    { key: "CI_JOB_ID", value: String(id), public: true },
    { key: "CI_JOB_TOKEN", value: token, masked: true },
    { key: "CI_JOB_NAME", value: options.name ?? "test", public: true },
    { key: "CI_PROJECT_ID", value: String(projectId), public: true },
    { key: "CI_COMMIT_SHA", value: sha, public: true },
    { key: "CI_COMMIT_REF_NAME", value: ref, public: true },
    { key: "CI_SERVER_URL", value: baseUrl, public: true },
  ];
  const payload: Record<string, unknown> = {
    id,
    token,
    allow_git_fetch: true,
    job_info: {
      id,
      name: options.name ?? "test",
      stage: options.stage ?? "test",
      project_id: projectId,
      project_name: "app",
      time_in_queue_seconds: 1,
      project_jobs_running_on_instance_runners_count: "0",
    },
    git_info: {
      repo_url: `${baseUrl.replace("://", `://gitlab-ci-token:${token}@`)}/grp/app.git`,
      repo_object_format: "sha1",
      ref,
      sha,
      before_sha: "0000000000000000000000000000000000000000",
      ref_type: "branch",
      refspecs: [`+refs/heads/${ref}:refs/remotes/origin/${ref}`],
      depth: 20,
      protected: options.protectedRef ?? true,
    },
    runner_info: { timeout, runner_session_url: null },
    variables: [...predefined, ...(options.variables ?? [])].map((v) => ({
      key: v.key,
      value: v.value,
      public: v.public ?? !(v.masked ?? false),
      masked: v.masked ?? false,
      file: v.file ?? false,
      raw: v.raw ?? false,
    })),
    steps: [
      {
        name: "script",
        script: options.script ?? ["echo hello"],
        timeout,
        when: "on_success",
        allow_failure: false,
      },
      ...(options.afterScript === undefined
        ? []
        : [
            {
              name: "after_script",
              script: options.afterScript,
              timeout: 300,
              when: "always",
              allow_failure: true,
            },
          ]),
    ],
    image:
      options.image === undefined
        ? null
        : { name: options.image, entrypoint: null, ports: [], pull_policy: null },
    services: [],
    artifacts: options.artifacts ?? [],
    cache: options.cache ?? [],
    credentials: [
      { type: "registry", url: `${host}:5050`, username: "gitlab-ci-token", password: token },
    ],
    dependencies: (options.dependencies ?? []).map((d) => ({
      id: d.id,
      name: d.name,
      token: d.token,
      artifacts_file: { filename: d.filename ?? "artifacts.zip", size: d.size ?? 0 },
    })),
    features: { trace_sections: true, failure_reasons: failureReasons },
    hooks: [],
  };
  return { ...payload, ...(options.raw ?? {}) };
}

/** The failure reasons a current GitLab lists in `features.failure_reasons`. */
export const failureReasons = [
  "unknown_failure",
  "script_failure",
  "api_failure",
  "stuck_or_timeout_failure",
  "runner_system_failure",
  "missing_dependency_failure",
  "runner_unsupported",
  "stale_schedule",
  "job_execution_timeout",
  "archived_failure",
  "unmet_prerequisites",
  "scheduler_failure",
  "data_integrity_failure",
  "forward_deployment_failure",
  "user_blocked",
  "project_deleted",
  "insufficient_bridge_permissions",
  "downstream_bridge_project_not_found",
  "invalid_bridge_trigger",
  "bridge_pipeline_is_child_pipeline",
  "downstream_pipeline_creation_failed",
  "secrets_provider_not_found",
  "reached_max_descendant_pipelines_depth",
  "ip_restriction_failure",
  "reached_max_pipeline_hierarchy_size",
  "reached_downstream_pipeline_trigger_rate_limit",
  "image_pull_failure",
] as const;
