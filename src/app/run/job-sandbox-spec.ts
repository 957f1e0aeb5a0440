import { AirlockError } from "../../core/airlock-error.js";
import type { JobSpec } from "../../job/job-spec.js";
import { imageNamePattern } from "../../image/image-name.js";
import { parseNetworkPolicy } from "../../sandbox/network/parse-network-policy.js";
import { defaultSize, makeSandboxSpec, type SandboxSpec } from "../../sandbox/sandbox-spec.js";

export interface JobImageChoice {
  /** The airlock image for jobs without `image:`. */
  readonly defaultImage: string;
  /** Run jobs that name an image in the default image instead (warned per job). */
  readonly ignoreImages: boolean;
}

/**
 * The sandbox a job runs in. A job's `image:` must name an airlock image (pulling OCI images
 * from registries is not built yet): anything else fails the job with image_pull_failure
 * and a fix, unless the run ignores images, which the job's log then says.
 */
export function jobSandboxSpec(
  job: JobSpec,
  backend: SandboxSpec["backend"],
  choice: JobImageChoice,
  warn: (line: string) => void,
): SandboxSpec {
  let image = choice.defaultImage;
  if (job.image !== undefined) {
    if (choice.ignoreImages) {
      warn(`WARNING: image ${job.image.name} ignored (--ignore-images): running in ${image}`);
    } else if (imageNamePattern.test(job.image.name)) {
      image = job.image.name;
    } else {
      throw new AirlockError(
        "AIRLOCK_E_IMAGE_NOT_FOUND",
        `image ${job.image.name} is an OCI image; airlock cannot pull registry images yet`,
        {
          fix: "run with --ignore-images to use the airlock image instead, or name an airlock image (`airlock image ls`)",
        },
      );
    }
  }
  return makeSandboxSpec({
    backend,
    image,
    size: { ...defaultSize, ...job.size },
    network: parseNetworkPolicy(job.network.policy, job.network.allow.join(",") || undefined),
    hostname: "runner-airlock",
  });
}
