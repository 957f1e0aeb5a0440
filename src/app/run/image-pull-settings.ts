import type { PullPolicy } from "../../image/oci/pull-policy.js";
import { pullPolicies } from "../../image/oci/pull-policy.js";

/**
 * How the images of jobs and services are obtained: the runner's `[runners.docker]` keys
 * (`pull_policy`, `allowed_pull_policies`, `allowed_images`, `allowed_services`) and the
 * `DOCKER_AUTH_CONFIG` of the run's own environment (a job's variable of that name wins),
 * then the job's own registry logins.
 */
export interface ImagePullSettings {
  /** Empty: `always`. */
  readonly pullPolicy: readonly PullPolicy[];
  /** Empty: only `pullPolicy`. */
  readonly allowedPullPolicies: readonly PullPolicy[];
  /** Glob patterns; empty: any. */
  readonly allowedImages: readonly string[];
  readonly allowedServices: readonly string[];
  readonly dockerAuthConfig: string | undefined;
  /** The host's Docker config file (default /root/.docker/config.json; tests point elsewhere). */
  readonly hostDockerConfig?: string;
  /**
   * Logins for registries (a runner's job: its payload's `credentials` of type `registry`),
   * used for a registry that `DOCKER_AUTH_CONFIG` has no entry for, as gitlab-runner does.
   */
  readonly registryLogins: readonly RegistryLogin[];
}

/** A user and password for the registry `registry` (host[:port], as in image references). */
export interface RegistryLogin {
  readonly registry: string;
  readonly username: string;
  readonly password: string;
}

/** `airlock run`: `always` unless a job asks for another policy; any image; the run's DOCKER_AUTH_CONFIG. */
export function runPullSettings(env: NodeJS.ProcessEnv): ImagePullSettings {
  return {
    pullPolicy: ["always"],
    allowedPullPolicies: pullPolicies,
    allowedImages: [],
    allowedServices: [],
    dockerAuthConfig: env["DOCKER_AUTH_CONFIG"],
    registryLogins: [],
  };
}
