import type { RunnerEntry } from "../../config/runner-config.js";
import { pullPolicies, type PullPolicy } from "../../image/oci/pull-policy.js";
import type { ImagePullSettings } from "../run/image-pull-settings.js";

/**
 * How a runner's jobs obtain OCI images: its `[runners.docker]` pull keys, and
 * `DOCKER_AUTH_CONFIG` from its `environment` (a job's variable of that name wins).
 */
export function runnerPullSettings(runner: RunnerEntry): ImagePullSettings {
  const policies = (list: readonly string[]): readonly PullPolicy[] =>
    list.filter((p): p is PullPolicy => (pullPolicies as readonly string[]).includes(p));
  return {
    pullPolicy: policies(runner.docker.pullPolicy),
    allowedPullPolicies: policies(runner.docker.allowedPullPolicies),
    allowedImages: runner.docker.allowedImages,
    allowedServices: runner.docker.allowedServices,
    dockerAuthConfig: runner.environment.find((e) => e.name === "DOCKER_AUTH_CONFIG")?.value,
  };
}
