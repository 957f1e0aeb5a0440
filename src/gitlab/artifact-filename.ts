import { posix } from "node:path";

/**
 * The file name an upload carries, as gitlab-runner's artifacts-uploader makes it: the base
 * name of the entry's `name` (`artifacts` when absent or empty: no `--name` is passed then;
 * `default` when the base name is empty), plus `.zip` for zip and `.gz` for gzip; a raw
 * upload is sent under the name itself. GitLab offers the archive for download by it.
 */
export function artifactFilename(name: string | undefined, format: string): string {
  const base = posix.basename(name === undefined || name === "" ? "artifacts" : name);
  const named = base === "" || base === "." ? "default" : base;
  if (format === "zip") return `${named}.zip`;
  if (format === "gzip") return `${named}.gz`;
  return named;
}
