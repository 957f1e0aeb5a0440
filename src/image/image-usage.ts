/**
 * Whether a live sandbox uses an image. gc never removes an image in use. The container
 * backend implements it from its sandbox records; `sandbox-image-usage.host.ts` is the
 * default reading `<state>/sandboxes/*\/sandbox.json`.
 */
export interface ImageUsage {
  isInUse(id: string): Promise<boolean>;
}

/** For callers that know no sandbox can exist (tests, a fresh state directory). */
export const noImageUsage: ImageUsage = { isInUse: () => Promise.resolve(false) };
