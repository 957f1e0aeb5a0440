/** What the runner knows about a job that GitLab does not send. */
export interface RunnerVariableFacts {
  readonly buildsDir: string;
  readonly projectDir: string;
  readonly concurrentId: number;
  readonly version: string;
  readonly runnerToken: string;
}

const architectures: Readonly<Record<string, string>> = { x64: "amd64", arm64: "arm64" };

/**
 * The `CI_*` variables a runner adds itself (GitLab Runner's build.GetDefaultVariables):
 * `CI_DISPOSABLE_ENVIRONMENT` is true because every airlock sandbox is thrown away.
 * `CI_RUNNER_SHORT_TOKEN` is the token's first 8 characters after a `glrt-` prefix: never
 * more of the token.
 */
export function runnerVariables(facts: RunnerVariableFacts): ReadonlyMap<string, string> {
  const token = facts.runnerToken.replace(/^glrt-(t\d_)?/, "");
  return new Map([
    ["CI_BUILDS_DIR", facts.buildsDir],
    ["CI_PROJECT_DIR", facts.projectDir],
    ["CI_CONCURRENT_ID", String(facts.concurrentId)],
    ["CI_CONCURRENT_PROJECT_ID", String(facts.concurrentId)],
    ["CI_RUNNER_VERSION", facts.version],
    ["CI_RUNNER_REVISION", "unknown"],
    [
      "CI_RUNNER_EXECUTABLE_ARCH",
      `${process.platform}/${architectures[process.arch] ?? process.arch}`,
    ],
    ["CI_RUNNER_SHORT_TOKEN", token.slice(0, 8)],
    ["CI_DISPOSABLE_ENVIRONMENT", "true"],
    ["CI_SERVER", "yes"],
  ]);
}
