/**
 * The one catalog of airlock's error codes. Codes are stable: scripts and GitLab failure
 * reasons depend on them. `audience: "user"` means the user can fix it (bad input, missing
 * host package) and the message must say how; `audience: "internal"` means a bug or a host
 * fault that airlock did not expect.
 */
export const errorCatalog = {
  AIRLOCK_E_USAGE: { audience: "user", exitCode: 64, title: "invalid command-line usage" },
  AIRLOCK_E_NOT_ROOT: { audience: "user", exitCode: 77, title: "root privileges required" },
  AIRLOCK_E_HOST_MISSING: {
    audience: "user",
    exitCode: 69,
    title: "a host package or kernel feature is missing",
  },
  AIRLOCK_E_PACKAGE_INSTALL_FAILED: {
    audience: "user",
    exitCode: 69,
    title: "installing host packages failed",
  },
  AIRLOCK_E_IMAGE_NOT_FOUND: { audience: "user", exitCode: 66, title: "image not found" },
  AIRLOCK_E_IMAGE_INVALID: { audience: "user", exitCode: 65, title: "invalid image recipe" },
  AIRLOCK_E_IMAGE_BUILD_FAILED: { audience: "user", exitCode: 70, title: "image build failed" },
  AIRLOCK_E_IMAGE_IN_USE: { audience: "user", exitCode: 75, title: "image is in use" },
  AIRLOCK_E_IMAGE_PULL_FAILED: {
    audience: "user",
    exitCode: 69,
    title: "pulling an OCI image from its registry failed",
  },
  AIRLOCK_E_IMAGE_PULL_DENIED: {
    audience: "user",
    exitCode: 77,
    title: "the registry refused these credentials for the image",
  },
  AIRLOCK_E_IMAGE_REJECTED: {
    audience: "user",
    exitCode: 65,
    title: "a pulled image failed verification (digest mismatch or unsafe layer)",
  },
  AIRLOCK_E_CAPACITY: {
    audience: "user",
    exitCode: 75,
    title: "no free sandbox slot (too many concurrent sandboxes)",
  },
  AIRLOCK_E_NATIVE_BUILD_FAILED: {
    audience: "internal",
    exitCode: 70,
    title: "building a native helper failed",
  },
  AIRLOCK_E_SANDBOX_CREATE_FAILED: {
    audience: "internal",
    exitCode: 70,
    title: "creating the sandbox failed",
  },
  AIRLOCK_E_SANDBOX_EXEC_FAILED: {
    audience: "internal",
    exitCode: 70,
    title: "running a command in the sandbox failed",
  },
  AIRLOCK_E_SANDBOX_DESTROYED: {
    audience: "internal",
    exitCode: 70,
    title: "the sandbox was already destroyed",
  },
  AIRLOCK_E_CLEANUP_INCOMPLETE: {
    audience: "internal",
    exitCode: 70,
    title: "cleanup left host resources behind",
  },
  AIRLOCK_E_PIPELINE_INVALID: {
    audience: "user",
    exitCode: 65,
    title: "the pipeline definition is invalid",
  },
  AIRLOCK_E_INTERNAL: { audience: "internal", exitCode: 70, title: "internal error" },
  AIRLOCK_E_AUDIT_PARSE: {
    audience: "user",
    exitCode: 65,
    title: "a configuration file to audit is not valid",
  },
  AIRLOCK_E_AUDIT_NO_INPUT: {
    audience: "user",
    exitCode: 66,
    title: "no configuration file to audit was found",
  },
  AIRLOCK_E_AUDIT_FINDINGS: {
    audience: "user",
    exitCode: 1,
    title: "the audit found risks at or above the --fail-on severity",
  },
  AIRLOCK_E_RUNNER_CONFIG: {
    audience: "user",
    exitCode: 78,
    title: "the runner configuration (config.toml) is not valid",
  },
  AIRLOCK_E_GITLAB_UNREACHABLE: {
    audience: "user",
    exitCode: 69,
    title: "GitLab could not be reached",
  },
  AIRLOCK_E_GITLAB_FORBIDDEN: {
    audience: "user",
    exitCode: 77,
    title: "GitLab refused the runner or job token",
  },
  AIRLOCK_E_GITLAB_API: {
    audience: "user",
    exitCode: 69,
    title: "GitLab answered the runner API unexpectedly",
  },
  AIRLOCK_E_GITLAB_PAYLOAD: {
    audience: "internal",
    exitCode: 70,
    title: "a job payload from GitLab is not valid",
  },
  AIRLOCK_E_GIT_SOURCES: {
    audience: "user",
    exitCode: 69,
    title: "the job's sources could not be fetched or checked out",
  },
} as const satisfies Record<string, ErrorEntry>;

interface ErrorEntry {
  readonly audience: "user" | "internal";
  /** Process exit code when this error ends the CLI (sysexits.h numbers). */
  readonly exitCode: number;
  readonly title: string;
}

export type ErrorCode = keyof typeof errorCatalog;
