import { resolveImage } from "../image/image-store.js";
import { writeNetworkLimit, type ImageNetworkLimit } from "../image/image-network-limit.js";
import { formatNetworkPolicy } from "../sandbox/network/network-policy.js";
import { parsePolicyText } from "../sandbox/network/parse-network-policy.js";

/**
 * Sets the most `nameOrId`'s sandboxes may reach (undefined: no limit), after checking it
 * parses as a policy. Returns the image id and the limit as one line for the user, naming the
 * other names of the same image, which the limit binds too.
 */
export async function setImageNetworkLimit(
  nameOrId: string,
  limit: ImageNetworkLimit | undefined,
): Promise<{ id: string; text: string }> {
  const image = await resolveImage(nameOrId);
  const text = limit === undefined ? "no limit" : formatNetworkPolicy(parsePolicyText(limit));
  await writeNetworkLimit(image.id, limit);
  const others = image.names.filter((name) => name !== nameOrId);
  const shared = others.length === 0 ? "" : `; it also binds ${others.join(", ")} (same image)`;
  return { id: image.id, text: `${text}${shared}` };
}
