import { AirlockError, isAirlockError } from "../../core/airlock-error.js";
import type { JobPullPolicy, JobVariable } from "../../job/job-spec.js";
import { imageNamePattern } from "../../image/image-name.js";
import { resolveImage } from "../../image/image-store.js";
import { imageAllowed } from "../../image/oci/image-allowed.js";
import type { OciImageConfig } from "../../image/oci/image-config.js";
import { parseImageReference } from "../../image/oci/image-reference.js";
import { requestedPlatform } from "../../image/oci/requested-platform.js";
import { obtainImage } from "../../image/oci/obtain-image.js";
import { choosePullPolicies } from "../../image/oci/pull-policy.js";
import { imageCredentials } from "./image-credentials.js";
import type { ImagePullSettings } from "./image-pull-settings.js";

/** An image for a sandbox: a store name or id, and the OCI config when it was pulled. */
export interface JobImageResolved {
  readonly image: string;
  readonly config: OciImageConfig | undefined;
}

/**
 * The image `name` (a job's `image:` or a service's name) for one job. A name of an airlock
 * image in the store (`airlock image ls`) is used as it is; anything else is an OCI
 * reference, checked against `allowed` (the runner's allowed_images or allowed_services),
 * obtained by its pull policies (choosePullPolicies, obtainImage) with the credentials
 * imageCredentials finds (DOCKER_AUTH_CONFIG, the host's Docker config, the job's logins;
 * credential helpers only from the runner's own configuration), else none; from a multi-platform index,
 * the entry for `request.platform` (requestedPlatform: only this host's architecture), else
 * for the host. Every refusal is an
 * AirlockError that the caller maps to image_pull_failure.
 */
export async function resolveJobImage(
  name: string,
  request: {
    readonly pullPolicy: readonly JobPullPolicy[] | undefined;
    readonly variables: readonly JobVariable[];
    readonly settings: ImagePullSettings;
    readonly allowed: { readonly key: string; readonly patterns: readonly string[] };
    readonly log: (line: string) => void;
    /** `docker: platform`; undefined: the host's (another architecture is refused). */
    readonly platform?: string | undefined;
  },
): Promise<JobImageResolved> {
  const platform = requestedPlatform(request.platform, `image ${name}`);
  if (imageNamePattern.test(name)) {
    try {
      return { image: (await resolveImage(name)).id, config: undefined };
    } catch (error: unknown) {
      if (!isAirlockError(error) || error.code !== "AIRLOCK_E_IMAGE_NOT_FOUND") throw error;
    }
  }
  const { settings, allowed } = request;
  if (!imageAllowed(name, allowed.patterns)) {
    throw new AirlockError(
      "AIRLOCK_E_IMAGE_PULL_DENIED",
      `the image ${name} is not on the runner's ${allowed.key} list (${allowed.patterns.join(", ")})`,
      { fix: `use an image the runner allows, or add a pattern for it to ${allowed.key}` },
    );
  }
  const choice = choosePullPolicies({
    requested: request.pullPolicy,
    runnerDefault: settings.pullPolicy,
    allowed: settings.allowedPullPolicies,
  });
  if (!choice.ok) {
    throw new AirlockError("AIRLOCK_E_IMAGE_PULL_DENIED", `image ${name}: ${choice.reason}`, {
      fix: "use a pull_policy the runner allows (allowed_pull_policies)",
    });
  }
  const ref = parseImageReference(name);
  const found = await imageCredentials(ref.registry, request.variables, settings, request.log);
  if (found !== undefined) request.log(`Authenticating with credentials from ${found.source}`);
  const credentials = found?.credentials;
  const obtained = await obtainImage(name, {
    policies: choice.policies,
    credentials,
    onLog: request.log,
    ...(platform === undefined ? {} : { platform }),
  });
  return { image: obtained.image.id, config: obtained.config };
}
