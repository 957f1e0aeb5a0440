import { AirlockError } from "../../core/airlock-error.js";
import { resolveImage } from "../../image/image-store.js";
import { resolveImageUser, type ResolvedImageUser } from "../../image/oci/image-user.js";
import { readImageEtcFile } from "../../image/oci/read-image-etc-file.js";

/**
 * The numeric user `user` (an image's `User` or `image: docker: user`) means in the stored
 * image `image` (name or id), resolved in its own /etc/passwd and /etc/group (with its
 * supplementary groups); undefined for no user or root (0:0 without supplementary groups),
 * which is what the sandbox runs as anyway. Throws
 * AIRLOCK_E_IMAGE_INVALID (image_pull_failure in a job) naming `what` when the image does
 * not know the name.
 */
export async function imageRunAs(
  image: string,
  user: string | undefined,
  what: string,
): Promise<ResolvedImageUser | undefined> {
  if (user === undefined || user === "") return undefined;
  const { rootfs } = await resolveImage(image);
  const resolved = resolveImageUser(
    user,
    await readImageEtcFile(rootfs, "passwd"),
    await readImageEtcFile(rootfs, "group"),
  );
  if (typeof resolved === "string") {
    throw new AirlockError("AIRLOCK_E_IMAGE_INVALID", `${what}: ${resolved}`, {
      fix: "name a user the image has, or a numeric uid[:gid] (image: docker: user)",
    });
  }
  const root = resolved.uid === 0 && resolved.gid === 0 && resolved.groups.length === 0;
  return root ? undefined : resolved;
}
