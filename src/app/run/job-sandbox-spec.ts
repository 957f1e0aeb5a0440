import { AirlockError } from "../../core/airlock-error.js";
import type { JobNetwork, JobSpec } from "../../job/job-spec.js";
import { imageNamePattern } from "../../image/image-name.js";
import { parsePolicyText } from "../../sandbox/network/parse-network-policy.js";
import { boundedNetwork } from "../bounded-network.js";
import { defaultSize, makeSandboxSpec, type SandboxSpec } from "../../sandbox/sandbox-spec.js";

export interface JobImageChoice {
  /** The airlock image for jobs without `image:`. */
  readonly defaultImage: string;
  /** Run jobs that name an image in the default image instead (warned per job). */
  readonly ignoreImages: boolean;
  /** The run's own policy (`--network`, `--allow`): the most any job may reach. */
  readonly runnerNetwork: JobNetwork;
}

/**
 * The sandbox a job runs in. A job's `image:` must name an airlock image (pulling OCI images
 * from registries is not built yet): anything else fails the job with image_pull_failure
 * and a fix, unless the run ignores images, which the job's log then says. Its network is
 * what the job asks for (JobSpec.network) bounded by the run's policy (`runner`) and the
 * image's limit; each cut is written to the job's log.
 */
export async function jobSandboxSpec(
  job: JobSpec,
  backend: SandboxSpec["backend"],
  choice: JobImageChoice,
  log: (line: string) => void,
): Promise<SandboxSpec> {
  let image = choice.defaultImage;
  if (job.image !== undefined) {
    if (choice.ignoreImages) {
      log(`WARNING: image ${job.image.name} ignored (--ignore-images): running in ${image}`);
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
  // Services need registry pulls too (issue: job images and services): never skipped silently.
  for (const service of job.services) {
    if (choice.ignoreImages) {
      log(`WARNING: service ${service.name} ignored (--ignore-images): the job runs without it`);
      continue;
    }
    throw new AirlockError(
      "AIRLOCK_E_IMAGE_NOT_FOUND",
      `service ${service.name} is an OCI image; airlock cannot pull registry images yet`,
      { fix: "run with --ignore-images to run without the service, or remove services:" },
    );
  }
  const network = await boundedNetwork(
    [{ level: "the run (--network)", policy: parsePolicyText(choice.runnerNetwork) }],
    image,
    { level: "the job (AIRLOCK_NETWORK)", policy: parsePolicyText(job.network) },
    log,
  );
  return makeSandboxSpec({
    backend,
    image,
    size: { ...defaultSize, ...job.size },
    network,
    hostname: "runner-airlock",
  });
}
