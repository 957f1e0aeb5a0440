/**
 * Every key a job may have: GitLab's job keywords (CI/CD YAML syntax reference) plus the
 * deprecated ones still accepted (`only`, `except`, `publish`).
 */
export const jobKeywords = [
  "after_script",
  "allow_failure",
  "artifacts",
  "before_script",
  "cache",
  "coverage",
  "dast_configuration",
  "dependencies",
  "environment",
  "except",
  "extends",
  "hooks",
  "id_tokens",
  "identity",
  "image",
  "inherit",
  "interruptible",
  "manual_confirmation",
  "needs",
  "only",
  "pages",
  "parallel",
  "publish",
  "release",
  "resource_group",
  "retry",
  "rules",
  "run",
  "script",
  "secrets",
  "services",
  "stage",
  "start_in",
  "tags",
  "timeout",
  "trigger",
  "variables",
  "when",
] as const;

export type JobKeyword = (typeof jobKeywords)[number];

/**
 * The keys `default:` may have: GitLab's inheritable keywords (`identity` is documented as
 * usable in `default:` on its own page).
 */
export const defaultKeywords = [
  "after_script",
  "artifacts",
  "before_script",
  "cache",
  "hooks",
  "id_tokens",
  "identity",
  "image",
  "interruptible",
  "retry",
  "services",
  "tags",
  "timeout",
] as const satisfies readonly JobKeyword[];

export type DefaultKeyword = (typeof defaultKeywords)[number];
