import type { ImageNetworkLimit } from "./image-network-limit.js";

/** An image resolved in the store: what a backend needs to build a sandbox from it. */
export interface ResolvedImage {
  /** Content address (64 hex characters): sha256 of a built image's recipe, or of a pulled image's manifest. */
  readonly id: string;
  /** The names that point at it (may be empty for an unreferenced image). */
  readonly names: readonly string[];
  /** Root filesystem directory, owned by host root, never written after the build. */
  readonly rootfs: string;
  /** The most its sandboxes may reach (`airlock image limit`); undefined: no limit. */
  readonly networkLimit: ImageNetworkLimit | undefined;
}
