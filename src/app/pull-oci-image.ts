import { AirlockError } from "../core/airlock-error.js";
import { parseImageReference } from "../image/oci/image-reference.js";
import { pullImage, type PullResult } from "../image/oci/pull-image.js";
import type { RegistryCredentials } from "../image/oci/registry-credentials.js";
import { imageCredentials } from "./run/image-credentials.js";

export interface PullOciImageInput {
  readonly reference: string;
  /** With `password`: explicit credentials (they win over DOCKER_AUTH_CONFIG). */
  readonly user: string | undefined;
  readonly password: string | undefined;
  /** The environment's DOCKER_AUTH_CONFIG, if any (its credential helpers may run). */
  readonly dockerAuthConfig: string | undefined;
  /** The host's Docker config file; default /root/.docker/config.json (tests point elsewhere). */
  readonly hostDockerConfig?: string;
  readonly insecureRegistries: readonly string[];
  /** `os/architecture[/variant]`; default: this host's. */
  readonly platform: string | undefined;
  readonly onProgress: (line: string) => void;
}

/**
 * `airlock image pull`: credentials chosen, then pullImage. `--user` with the password wins;
 * else the credentials come as a job's do from the runner's own configuration
 * (imageCredentials): DOCKER_AUTH_CONFIG, then the host's Docker config, each asking its
 * credential helper (`credHelpers` / `credsStore`) before `auths`. The operator runs this
 * command, so helpers they configured may run (on the fixed helper PATH). Where the
 * credentials came from goes to onProgress, never the secret. Throws what imageCredentials
 * and pullImage throw.
 */
export async function pullOciImage(input: PullOciImageInput): Promise<PullResult> {
  const ref = parseImageReference(input.reference);
  if ((input.user === undefined) !== (input.password === undefined)) {
    throw new AirlockError("AIRLOCK_E_USAGE", "--user and --password-stdin go together", {
      fix: 'e.g. `printf %s "$TOKEN" | airlock image pull --user ci --password-stdin REF`',
    });
  }
  const credentials =
    input.user === undefined || input.password === undefined
      ? await operatorCredentials(ref.registry, input)
      : { username: input.user, password: input.password };
  return pullImage(input.reference, {
    credentials,
    insecureRegistries: input.insecureRegistries,
    onProgress: input.onProgress,
    ...(input.platform === undefined ? {} : { platform: parsePlatform(input.platform) }),
  });
}

/** The operator's configured credentials for `registry` (see pullOciImage), or none. */
async function operatorCredentials(
  registry: string,
  input: PullOciImageInput,
): Promise<RegistryCredentials | undefined> {
  const found = await imageCredentials(
    registry,
    [],
    {
      dockerAuthConfig: input.dockerAuthConfig,
      ...(input.hostDockerConfig === undefined ? {} : { hostDockerConfig: input.hostDockerConfig }),
      registryLogins: [],
    },
    input.onProgress,
  );
  if (found !== undefined) input.onProgress(`authenticating with credentials from ${found.source}`);
  return found?.credentials;
}

function parsePlatform(text: string): { os: string; architecture: string; variant?: string } {
  const [os, architecture, variant, ...rest] = text.split("/");
  if (
    os === undefined ||
    os === "" ||
    architecture === undefined ||
    architecture === "" ||
    rest.length > 0
  ) {
    throw new AirlockError(
      "AIRLOCK_E_USAGE",
      `--platform ${text} is not os/architecture[/variant]`,
      {
        fix: "e.g. --platform linux/arm64",
      },
    );
  }
  return variant === undefined || variant === ""
    ? { os, architecture }
    : { os, architecture, variant };
}
