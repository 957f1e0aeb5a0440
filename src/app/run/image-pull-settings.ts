import type { PullPolicy } from "../../image/oci/pull-policy.js";
import { pullPolicies } from "../../image/oci/pull-policy.js";

/**
 * How the images of jobs and services are obtained: the runner's `[runners.docker]` keys
 * (`pull_policy`, `allowed_pull_policies`, `allowed_images`, `allowed_services`) and the
 * `DOCKER_AUTH_CONFIG` of the run's own environment (a job's variable of that name wins).
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
}

/** `airlock run`: `always` unless a job asks for another policy; any image; the run's DOCKER_AUTH_CONFIG. */
export function runPullSettings(env: NodeJS.ProcessEnv): ImagePullSettings {
  return {
    pullPolicy: ["always"],
    allowedPullPolicies: pullPolicies,
    allowedImages: [],
    allowedServices: [],
    dockerAuthConfig: env["DOCKER_AUTH_CONFIG"],
  };
}
