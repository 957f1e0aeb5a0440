import { join } from "node:path";
import type { ImageMetadata } from "./image-metadata.js";
import type { ImageNetworkLimit } from "./image-network-limit.js";
import type { ImageRecipe } from "./image-recipe.js";
import { imageDir } from "./image-store-paths.js";
import type { PulledImageMetadata } from "./oci/pulled-image-record.js";

/** One stored image as `airlock image ls` shows it. */
export interface ImageInfo {
  readonly id: string;
  /** `build`: made by `image build` (id: recipe hash); `pull`: pulled from a registry (id: manifest digest). */
  readonly source: "build" | "pull";
  /**
   * Names pointing at it (for a pulled image: the references pulled into it), sorted; empty
   * for an image only gc is waiting for.
   */
  readonly names: readonly string[];
  readonly rootfs: string;
  readonly createdAt: string;
  readonly sizeBytes: number;
  /** Installed Debian packages of a built image; undefined for a pulled one. */
  readonly packageCount: number | undefined;
  /** The recipe of a built image; undefined for a pulled one. */
  readonly recipe: ImageRecipe | undefined;
  /** `airlock image limit`: the most its sandboxes may reach; undefined: no limit. */
  readonly networkLimit: ImageNetworkLimit | undefined;
}

/** A built image's info but its network limit; `names` maps image names to ids. */
export function builtImageInfo(
  metadata: ImageMetadata,
  names: ReadonlyMap<string, string>,
): Omit<ImageInfo, "networkLimit"> {
  return {
    id: metadata.id,
    source: "build",
    names: [...names]
      .filter(([, id]) => id === metadata.id)
      .map(([name]) => name)
      .sort(),
    rootfs: join(imageDir(metadata.id), "rootfs"),
    createdAt: metadata.createdAt,
    sizeBytes: metadata.sizeBytes,
    packageCount: metadata.packageCount,
    recipe: metadata.recipe,
  };
}

/** A pulled image's info but its network limit; its names are the references pulled into it. */
export function pulledImageInfo(
  metadata: PulledImageMetadata,
  references: readonly { readonly reference: string; readonly id: string }[],
): Omit<ImageInfo, "networkLimit"> {
  return {
    id: metadata.id,
    source: "pull",
    names: references
      .filter((r) => r.id === metadata.id)
      .map((r) => r.reference)
      .sort(),
    rootfs: join(imageDir(metadata.id), "rootfs"),
    createdAt: metadata.createdAt,
    sizeBytes: metadata.sizeBytes,
    packageCount: undefined,
    recipe: undefined,
  };
}
