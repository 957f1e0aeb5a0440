import { isAirlockError } from "../../core/airlock-error.js";
import { manifestAccept } from "./media-types.js";
import { formatImageReference, parseImageReference } from "./image-reference.js";
import type { RegistryClientOptions } from "./registry-client.js";
import { registryFor } from "./registry-for.js";

export type CanPullAnswer =
  | {
      readonly allowed: true;
      /** The manifest digest the registry reports for the reference (Docker-Content-Digest), if it does. */
      readonly digest: string | undefined;
    }
  | {
      readonly allowed: false;
      /** True when the registry refused the credentials (401/403); false for any other failure. */
      readonly denied: boolean;
      /** The registry's answer and the fix, for the job's log. */
      readonly reason: string;
    };

/**
 * Whether `options.credentials` (none: anonymous) may pull `reference` now: a manifest HEAD,
 * authenticated exactly as a pull would be. Nothing is downloaded. Issue 8 needs it so a
 * cached private image is given only to a job that could have pulled it itself: anything
 * but `allowed: true` (a refusal, a missing tag, an unreachable registry) must count as "may
 * not". Throws only for a malformed reference (AIRLOCK_E_IMAGE_INVALID).
 */
export async function canPull(
  reference: string,
  options: RegistryClientOptions = {},
): Promise<CanPullAnswer> {
  const ref = parseImageReference(reference);
  const client = registryFor(ref, formatImageReference(ref), options);
  try {
    const response = await client.fetch(
      "HEAD",
      `manifests/${ref.digest ?? ref.tag ?? "latest"}`,
      manifestAccept,
    );
    const digest = response.headers.get("docker-content-digest") ?? undefined;
    return { allowed: true, digest: digest ?? ref.digest };
  } catch (error: unknown) {
    if (!isAirlockError(error)) throw error;
    const fix = error.fix === undefined ? "" : ` (fix: ${error.fix})`;
    return {
      allowed: false,
      denied: error.code === "AIRLOCK_E_IMAGE_PULL_DENIED",
      reason: `${error.message}${fix}`,
    };
  }
}
