import type { RunnerEntry } from "../../config/runner-config.js";
import type { GitlabCredential } from "../../gitlab/gitlab-job-payload.js";
import { pullPolicies, type PullPolicy } from "../../image/oci/pull-policy.js";
import type { ImagePullSettings } from "../run/image-pull-settings.js";
import { registryLogins } from "./registry-logins.js";

/**
 * How one job of a runner obtains OCI images: the runner's `[runners.docker]` pull keys,
 * `DOCKER_AUTH_CONFIG` from its `environment` (a job's variable of that name wins), then the
 * job's payload `credentials` of type `registry` (GitLab's own registry login, the job token).
 */
export function runnerPullSettings(
  runner: RunnerEntry,
  credentials: readonly GitlabCredential[],
): ImagePullSettings {
  const policies = (list: readonly string[]): readonly PullPolicy[] =>
    list.filter((p): p is PullPolicy => (pullPolicies as readonly string[]).includes(p));
  return {
    pullPolicy: policies(runner.docker.pullPolicy),
    allowedPullPolicies: policies(runner.docker.allowedPullPolicies),
    allowedImages: runner.docker.allowedImages,
    allowedServices: runner.docker.allowedServices,
    dockerAuthConfig: runner.environment.find((e) => e.name === "DOCKER_AUTH_CONFIG")?.value,
    registryLogins: registryLogins(credentials),
  };
}
