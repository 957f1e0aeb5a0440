/**
 * The `info` a runner sends with registration and every job request. GitLab shows it in
 * the runner list and uses `features` to decide what to send: declare only what airlock
 * implements (docs/gitlab-runner-api.md, "Features the runner declares").
 */
export interface RunnerInfo {
  readonly name: string;
  readonly version: string;
  readonly revision: string;
  readonly platform: string;
  readonly architecture: string;
  readonly executor: string;
  readonly shell: string;
  readonly features: Readonly<Record<string, boolean>>;
}

/**
 * The features airlock's runner declares: only what `airlock runner` really does (the
 * executor with job images and services, the trace uploader, the artifact uploads). Left
 * out on purpose: `session`/`terminal` (not built), `upload_raw_artifacts` (only the archive and dotenv
 * reports are uploaded), `multi_build_steps` (steps other than script and after_script are
 * refused), `trace_reset` (a log is never sent again from 0), `shared`, `proxy`,
 * `vault_secrets`, `native_steps_integration`, `two_phase_job_commit`.
 */
export const airlockRunnerFeatures: Readonly<Record<string, boolean>> = {
  variables: true,
  image: true,
  services: true,
  service_variables: true,
  service_multiple_aliases: true,
  image_executor_opts: true,
  artifacts: true,
  cache: true,
  fallback_cache_keys: true,
  upload_multiple_artifacts: true,
  artifacts_exclude: true,
  refspecs: true,
  masking: true,
  raw_variables: true,
  trace_checksum: true,
  trace_size: true,
  cancelable: true,
  cancel_gracefully: true,
  return_exit_code: true,
};

const architectures: Readonly<Record<string, string>> = { x64: "amd64", arm64: "arm64" };

export function airlockRunnerInfo(version: string): RunnerInfo {
  return {
    name: "airlock",
    version,
    revision: "unknown",
    platform: process.platform,
    architecture: architectures[process.arch] ?? process.arch,
    executor: "airlock",
    shell: "bash",
    features: airlockRunnerFeatures,
  };
}
