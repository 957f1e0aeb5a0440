import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { AirlockError } from "../core/airlock-error.js";
import { writeJsonAtomic } from "./image-metadata.js";
import { imageDir } from "./image-store-paths.js";

/**
 * The most an image's sandboxes may reach, as text the network layer parses (the image
 * store knows nothing of policies): a job asking for more gets only what is in this limit.
 * It belongs to the image id, so every name of the image and a reference by id are bound
 * alike; a rebuild of a name carries it to the new id.
 */
export interface ImageNetworkLimit {
  readonly policy: "none" | "internet" | "allowlist";
  readonly allow: readonly string[];
}

function limitPath(id: string): string {
  return join(imageDir(id), "network-limit.json");
}

/** The image's limit, or undefined when it has none. A damaged file is an error, never "no limit". */
export async function readNetworkLimit(id: string): Promise<ImageNetworkLimit | undefined> {
  let text: string;
  try {
    text = await readFile(limitPath(id), "utf8");
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const value = JSON.parse(text) as unknown;
  const v = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  const policy = v["policy"];
  const allow = v["allow"];
  if (
    (policy !== "none" && policy !== "internet" && policy !== "allowlist") ||
    !Array.isArray(allow) ||
    !allow.every((item) => typeof item === "string")
  ) {
    throw new AirlockError("AIRLOCK_E_IMAGE_INVALID", `${limitPath(id)} is damaged`, {
      fix: "set the limit again with `airlock image limit NAME --network POLICY`",
    });
  }
  return { policy, allow: allow };
}

/** Sets (or, with undefined, removes) the image's limit. Precondition: the image exists. */
export async function writeNetworkLimit(
  id: string,
  limit: ImageNetworkLimit | undefined,
): Promise<void> {
  if (limit === undefined) await rm(limitPath(id), { force: true });
  else await writeJsonAtomic(limitPath(id), limit);
}
