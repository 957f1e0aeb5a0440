import type { JobNetwork, JobSpec } from "../../job/job-spec.js";
import { parsePolicyText } from "../../sandbox/network/parse-network-policy.js";
import { boundedNetwork } from "../bounded-network.js";
import { defaultSize, makeSandboxSpec, type SandboxSpec } from "../../sandbox/sandbox-spec.js";
import type { ImagePullSettings } from "./image-pull-settings.js";
import { imageEnvironment } from "./image-environment.js";
import { execUser } from "../../image/oci/image-user.js";
import { imageRunAs } from "./image-run-as.js";
import { resolveJobImage } from "./job-image.js";
import { prepareService, type PreparedService } from "./prepare-service.js";

export interface JobImageChoice {
  /** The airlock image for jobs without `image:`. */
  readonly defaultImage: string;
  /** Run jobs that name an image in the default image, without services (warned per job). */
  readonly ignoreImages: boolean;
  /** The run's own policy (`--network`, `--allow`): the most any job may reach. */
  readonly runnerNetwork: JobNetwork;
  readonly pull: ImagePullSettings;
}

/** A job ready for its sandbox: the sandbox to make, the spec to run, the services to start. */
export interface PreparedJob {
  readonly sandbox: SandboxSpec;
  /** The job with its image's entrypoint filled in (JobImage.entrypoint's contract). */
  readonly job: JobSpec;
  readonly services: readonly PreparedService[];
}

/**
 * The sandbox a job runs in, and its services. A job's `image:` is an airlock image of the
 * store, or an OCI image obtained by its pull policies (resolveJobImage): its `Env` is the
 * sandbox's base environment (the job's variables override it), its `Entrypoint` wraps the
 * job's shell unless `image: entrypoint` overrides it, its `User` (or `image: docker:
 * user`) runs the job's scripts, with HOME its home unless the image's Env sets HOME (an
 * unknown user name: AIRLOCK_E_IMAGE_INVALID). With `ignoreImages` the job runs in the
 * default image without its services, which its log says. Its network is what the job
 * asks for (JobSpec.network) bounded by the run's policy and the image's limit; each cut is
 * written to the job's log. Throws the AirlockErrors of the pulls (image_pull_failure).
 */
export async function jobSandboxSpec(
  job: JobSpec,
  backend: SandboxSpec["backend"],
  choice: JobImageChoice,
  log: (line: string) => void,
): Promise<PreparedJob> {
  let image = choice.defaultImage;
  let prepared = job;
  let env: Readonly<Record<string, string>> = {};
  if (job.image !== undefined) {
    if (choice.ignoreImages) {
      log(`WARNING: image ${job.image.name} ignored (--ignore-images): running in ${image}`);
    } else {
      const resolved = await resolveJobImage(job.image.name, {
        pullPolicy: job.image.pullPolicy,
        variables: job.variables,
        settings: choice.pull,
        allowed: { key: "allowed_images", patterns: choice.pull.allowedImages },
        log,
        platform: job.image.platform,
      });
      image = resolved.image;
      const config = resolved.config;
      if (config !== undefined) env = imageEnvironment(config.env);
      const user = job.image.user ?? config?.user;
      const runAs = await imageRunAs(image, user, `image ${job.image.name}`);
      prepared = {
        ...job,
        image: {
          ...job.image,
          entrypoint: job.image.entrypoint ?? config?.entrypoint ?? [],
          ...(runAs === undefined ? {} : { runAs: execUser(runAs) }),
        },
      };
      // Docker's rule: HOME is the user's home unless the image's Env sets it.
      if (runAs !== undefined) env = { HOME: runAs.home, ...env };
      if (runAs !== undefined)
        log(
          `Running the job's scripts as user ${user} (${runAs.uid}:${runAs.gid}${groupsText(runAs.groups)})`,
        );
    }
  }
  const services: PreparedService[] = [];
  for (const service of job.services) {
    if (choice.ignoreImages) {
      log(`WARNING: service ${service.name} ignored (--ignore-images): the job runs without it`);
      continue;
    }
    services.push(await prepareService(service, job.variables, choice.pull, log));
  }
  const network = await boundedNetwork(
    [{ level: "the run (--network)", policy: parsePolicyText(choice.runnerNetwork) }],
    image,
    { level: "the job (AIRLOCK_NETWORK)", policy: parsePolicyText(job.network) },
    log,
  );
  return {
    sandbox: makeSandboxSpec({
      backend,
      image,
      size: { ...defaultSize, ...job.size },
      network,
      env,
      hostname: "runner-airlock",
    }),
    job: prepared,
    services,
  };
}

/** `, groups 50,998` for a log line; empty without supplementary groups. */
function groupsText(groups: readonly number[]): string {
  return groups.length === 0 ? "" : `, groups ${groups.join(",")}`;
}
