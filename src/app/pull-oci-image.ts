import { AirlockError } from "../core/airlock-error.js";
import { parseImageReference } from "../image/oci/image-reference.js";
import { pullImage, type PullResult } from "../image/oci/pull-image.js";
import { chooseCredentials } from "../image/oci/registry-credentials.js";

export interface PullOciImageInput {
  readonly reference: string;
  /** With `password`: explicit credentials (they win over DOCKER_AUTH_CONFIG). */
  readonly user: string | undefined;
  readonly password: string | undefined;
  /** The environment's DOCKER_AUTH_CONFIG, if any. */
  readonly dockerAuthConfig: string | undefined;
  readonly insecureRegistries: readonly string[];
  /** `os/architecture[/variant]`; default: this host's. */
  readonly platform: string | undefined;
  readonly onProgress: (line: string) => void;
}

/** `airlock image pull`: credentials chosen, then pullImage. */
export async function pullOciImage(input: PullOciImageInput): Promise<PullResult> {
  const ref = parseImageReference(input.reference);
  if ((input.user === undefined) !== (input.password === undefined)) {
    throw new AirlockError("AIRLOCK_E_USAGE", "--user and --password-stdin go together", {
      fix: 'e.g. `printf %s "$TOKEN" | airlock image pull --user ci --password-stdin REF`',
    });
  }
  const explicit =
    input.user === undefined || input.password === undefined
      ? undefined
      : { username: input.user, password: input.password };
  const credentials = chooseCredentials(ref.registry, {
    explicit,
    dockerAuthConfig: input.dockerAuthConfig,
  });
  return pullImage(input.reference, {
    credentials,
    insecureRegistries: input.insecureRegistries,
    onProgress: input.onProgress,
    ...(input.platform === undefined ? {} : { platform: parsePlatform(input.platform) }),
  });
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
