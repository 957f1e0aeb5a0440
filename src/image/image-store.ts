/**
 * The image store's API in one import: build, resolve, list, remove names and gc of the
 * content-addressed images under the state directory (built from Debian packages or pulled
 * from a registry). Each part lives in the file named after it; this file only gathers them.
 */
export { buildImage, shortId, type BuildOptions, type BuildResult } from "./build-image.js";
export { collectGarbage, type GcResult } from "./collect-garbage.js";
export { ensureImage } from "./ensure-image.js";
export type { ImageInfo } from "./image-info.js";
export { listImages } from "./list-images.js";
export { removeImageName, type RemoveNameResult } from "./remove-image-name.js";
export { resolveImage } from "./resolve-image.js";
