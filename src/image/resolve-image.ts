import { AirlockError } from "../core/airlock-error.js";
import { presentImage, resolvedImage, shortId } from "./build-image.js";
import { readNameRecord } from "./image-metadata.js";
import { imageNamePattern } from "./image-name.js";
import type { ResolvedImage } from "./image-ref.js";
import { readPulledMetadata } from "./oci/pulled-image-record.js";
import { pulledResolvedImage } from "./oci/pulled-resolved-image.js";
import { storedImageIds } from "./stored-image-ids.js";

/**
 * Finds an image by name, full id, or unique id prefix of at least 12 hex characters.
 * Throws AIRLOCK_E_IMAGE_NOT_FOUND (saying how to build it) when there is none.
 */
export async function resolveImage(nameOrId: string): Promise<ResolvedImage> {
  if (imageNamePattern.test(nameOrId)) {
    const record = await readNameRecord(nameOrId);
    if (record !== undefined) {
      if ((await presentImage(record.id)) === undefined) {
        throw new AirlockError(
          "AIRLOCK_E_IMAGE_NOT_FOUND",
          `image ${nameOrId} points at ${shortId(record.id)}, which is not in the store (removed by hand?)`,
          { fix: `run \`airlock image build ${nameOrId}\`` },
        );
      }
      return resolvedImage(record.id);
    }
  }
  if (/^[0-9a-f]{12,64}$/.test(nameOrId)) {
    const matches = (await storedImageIds()).filter((id) => id.startsWith(nameOrId));
    if (matches.length > 1) {
      throw new AirlockError(
        "AIRLOCK_E_IMAGE_NOT_FOUND",
        `image id prefix ${nameOrId} is ambiguous`,
        {
          fix: "give more characters of the id (`airlock image ls --json` shows full ids)",
        },
      );
    }
    const [id] = matches;
    if (id !== undefined && (await presentImage(id)) !== undefined) return resolvedImage(id);
    if (id !== undefined && (await readPulledMetadata(id)) !== undefined) {
      return pulledResolvedImage(id);
    }
  }
  throw new AirlockError("AIRLOCK_E_IMAGE_NOT_FOUND", `image ${nameOrId} not found`, {
    fix: imageNamePattern.test(nameOrId)
      ? `run \`airlock image build ${nameOrId}\``
      : "run `airlock image build NAME` (and `airlock image ls` to see the images there are)",
  });
}
