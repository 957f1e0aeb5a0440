import { buildImage, presentImage, resolvedImage, type BuildOptions } from "./build-image.js";
import { readNameRecord } from "./image-metadata.js";
import { validateImageName } from "./image-name.js";
import { canonicalPackages } from "./image-recipe.js";
import type { ResolvedImage } from "./image-ref.js";

/**
 * The image NAME, built first when it is missing or lacks one of `extraPackages`. For callers
 * that just need an image (the demo, the first `airlock run` on a host).
 */
export async function ensureImage(
  name: string,
  extraPackages: readonly string[] = [],
  options: Omit<BuildOptions, "extraPackages" | "force"> = {},
): Promise<ResolvedImage> {
  validateImageName(name);
  const wanted = canonicalPackages(extraPackages);
  const record = await readNameRecord(name);
  if (record !== undefined) {
    const metadata = await presentImage(record.id);
    if (metadata !== undefined && wanted.every((p) => metadata.recipe.packages.includes(p))) {
      return resolvedImage(record.id);
    }
  }
  return (await buildImage(name, { ...options, extraPackages: wanted })).image;
}
