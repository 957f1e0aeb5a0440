import { AirlockError } from "../core/airlock-error.js";

/** What an image name may look like: safe as a file name, a label and a shell word. */
export const imageNamePattern = /^[a-z0-9][a-z0-9._-]{0,62}$/;

/** The image `airlock image build` builds when no name is given. */
export const defaultImageName = "default";

/** Returns `name` when it is a valid image name; throws AIRLOCK_E_IMAGE_INVALID naming the rule. */
export function validateImageName(name: string): string {
  if (!imageNamePattern.test(name)) {
    throw new AirlockError("AIRLOCK_E_IMAGE_INVALID", `"${name}" is not a valid image name`, {
      fix:
        "an image name starts with a lowercase letter or digit, then up to 62 lowercase letters, " +
        `digits, ".", "_" or "-" (${String(imageNamePattern)})`,
    });
  }
  return name;
}
