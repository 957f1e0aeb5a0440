import type { ImageUsage } from "../image/image-usage.js";
import { sandboxImageUsage } from "../sandbox/container/sandbox-image-usage.host.js";

/** What `image gc` and `image rm --prune` must spare: images live sandboxes of any backend use. */
export function liveSandboxImageUsage(): ImageUsage {
  return sandboxImageUsage();
}
