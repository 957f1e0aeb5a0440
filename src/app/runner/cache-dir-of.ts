import { createHash } from "node:crypto";
import { join } from "node:path";

/**
 * The host directory of a cache key: per project, and per ref protection, so a job on an
 * unprotected branch can never write what a protected ref's job restores. The key is
 * hashed into the name: any text a pipeline makes a key of stays one path segment.
 */
export function cacheDirOf(
  workRoot: string,
  projectId: number,
  protectedRef: boolean,
  key: string,
): string {
  const digest = createHash("sha256").update(key).digest("hex").slice(0, 32);
  return join(
    workRoot,
    "cache",
    String(projectId),
    protectedRef ? "protected" : "unprotected",
    digest,
  );
}
