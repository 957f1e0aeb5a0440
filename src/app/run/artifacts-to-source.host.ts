import { cp, readdir } from "node:fs/promises";

/**
 * `airlock run --artifacts-to-source`: copies every job's collected artifacts into the work
 * tree at `topLevel`, in pipeline order (a later job's file replaces an earlier one's), as
 * GitLab's artifacts would land if downloaded there. Only on request: by default nothing is
 * ever written into the work tree. Artifacts hold no links out (copyOut refuses them).
 * Returns how many jobs' artifacts were copied.
 */
export async function artifactsToSource(
  jobs: readonly string[],
  artifactsDirOf: (job: string) => string,
  topLevel: string,
): Promise<number> {
  let copied = 0;
  for (const job of jobs) {
    const dir = artifactsDirOf(job);
    const entries = await readdir(dir).catch(() => []);
    if (entries.length === 0) continue;
    await cp(dir, topLevel, { recursive: true, force: true, verbatimSymlinks: true });
    copied++;
  }
  return copied;
}
