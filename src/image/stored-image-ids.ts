import { readdir } from "node:fs/promises";
import { imageIdPattern, imagesDir } from "./image-store-paths.js";

/** The ids of every image directory in the store (built or pulled), sorted; none when empty. */
export async function storedImageIds(): Promise<string[]> {
  try {
    return (await readdir(imagesDir())).filter((entry) => imageIdPattern.test(entry)).sort();
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}
