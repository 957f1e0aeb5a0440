import type { JobStatus } from "../job/job-outcome.js";
import type { JobSpec } from "../job/job-spec.js";
import type { Sandbox } from "../sandbox/sandbox.js";
import { copyOutSelection } from "./copy-out-selection.js";
import { replaceDir } from "./replace-dir.host.js";
import { selectWorkspacePaths } from "./select-workspace-paths.js";
import { whenMatches } from "./when-matches.js";

/**
 * Saves each cache whose policy pushes and whose `when` matches `status`: its matched paths
 * replace the content of its host directory at once (temp dir, then rename). A cache that
 * matched nothing keeps its old content.
 */
export async function saveCaches(
  sandbox: Sandbox,
  spec: JobSpec,
  status: JobStatus,
  say: (line: string) => void,
): Promise<void> {
  const due = spec.caches.filter((cache) => whenMatches(cache.when, status));
  if (due.length === 0) return;
  say(`Saving cache for ${status === "success" ? "successful" : "failed"} job`);
  for (const cache of due) {
    if (cache.policy === "pull") {
      say(`Not uploading cache ${cache.key} due to policy`);
      continue;
    }
    say(`Creating cache ${cache.key}...`);
    const rules = { paths: cache.paths, exclude: [], untracked: cache.untracked };
    const selection = await selectWorkspacePaths(sandbox, spec.projectDir, rules, say);
    if (selection.paths.length === 0) continue;
    await replaceDir(cache.hostDir, (temp) =>
      copyOutSelection(sandbox, spec.projectDir, selection, temp),
    );
    say("Created cache");
  }
}
