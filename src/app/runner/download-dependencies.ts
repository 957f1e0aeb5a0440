import { AirlockError } from "../../core/airlock-error.js";
import { downloadArtifact } from "../../gitlab/artifacts-api.js";
import type { GitlabApi } from "../../gitlab/gitlab-api.js";
import type { GitlabDependency } from "../../gitlab/gitlab-job-payload.js";
import { extractZip } from "./extract-zip.host.js";

const maxArtifactBytes = 4 * 1024 ** 3;

/**
 * Downloads the artifacts of each of `dependencies` that has an artifacts file and extracts
 * them (at most 4 GiB unpacked each) into `dirOf(id)`. Throws AIRLOCK_E_GITLAB_API (with its
 * fix) when GitLab no longer has an archive, and what the download or extraction throws.
 */
export async function downloadDependencies(
  api: GitlabApi,
  dependencies: readonly GitlabDependency[],
  dirOf: (id: number) => string,
  log: (line: string) => void,
  signal: AbortSignal,
): Promise<void> {
  for (const dependency of dependencies) {
    if (dependency.artifactsFile === undefined) continue;
    log(`Downloading artifacts for ${dependency.name} (${dependency.id})...`);
    const archive = await downloadArtifact(api, { ...dependency, signal });
    if (archive === undefined) {
      throw new AirlockError(
        "AIRLOCK_E_GITLAB_API",
        `the artifacts of ${dependency.name} (${dependency.id}) are not in GitLab (expired or never uploaded)`,
        {
          fix: "run the job that makes them again, or keep them longer (artifacts: expire_in)",
        },
      );
    }
    await extractZip(archive, dirOf(dependency.id), maxArtifactBytes);
  }
}
