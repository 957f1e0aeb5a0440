import { AirlockError } from "../../core/airlock-error.js";
import type { PlannedSubmodule, NestedSubmodules } from "./checkout-submodules-in-sandbox.js";
import { resolveSubmoduleUrl, submoduleSource } from "./submodule-url.js";

/** A submodule the host may fetch; its mirror is not known yet. */
export type SubmoduleToFetch = Omit<PlannedSubmodule, "mirrorDir">;

/**
 * Which repositories the host fetches for the listed submodules: each URL is resolved as git
 * does (relative to the parent's origin) and must be on the job's GitLab
 * (submoduleSource). A submodule without a URL, or one elsewhere, fails the job with
 * AIRLOCK_E_GIT_SOURCES naming every such submodule, its URL and the fix: the host never
 * fetches a place the repository's content chooses.
 */
export function planSubmodules(
  projectUrl: string,
  found: readonly NestedSubmodules[],
  forceHttps: boolean,
): readonly SubmoduleToFetch[] {
  const planned: SubmoduleToFetch[] = [];
  const refused: string[] = [];
  const origin = new URL(projectUrl).origin;
  for (const group of found) {
    for (const entry of group.entries) {
      const shown = group.parentDir === "" ? entry.path : `${group.parentDir}/${entry.path}`;
      // eslint-disable-next-line no-control-regex
      if (/[\u0000-\u001f\u007f]/.test(`${shown}${entry.url ?? ""}`)) {
        refused.push(
          `submodule ${JSON.stringify(shown)} has a control character in its path or URL`,
        );
        continue;
      }
      if (entry.name === undefined || entry.url === undefined) {
        refused.push(`submodule ${shown} has no URL in .gitmodules`);
        continue;
      }
      const source = submoduleSource(
        projectUrl,
        resolveSubmoduleUrl(group.parentUrl, entry.url),
        forceHttps,
      );
      if (source.kind === "foreign") {
        refused.push(
          `submodule ${shown} (URL ${source.url}) is not on this job's GitLab (${origin})`,
        );
        continue;
      }
      planned.push({
        parentDir: group.parentDir,
        name: entry.name,
        path: entry.path,
        sha: entry.sha,
        url: source.url,
      });
    }
  }
  if (refused.length > 0) {
    throw new AirlockError(
      "AIRLOCK_E_GIT_SOURCES",
      `${refused.join("; ")}: the runner fetches submodules only from the job's own GitLab`,
      {
        fix: `host the submodule on ${origin} (a relative URL such as ../name.git in .gitmodules, or GIT_SUBMODULE_FORCE_HTTPS for an SSH URL of that host), or leave it out (GIT_SUBMODULE_PATHS ":(exclude)<path>", or GIT_SUBMODULE_STRATEGY none) and fetch it in the job's script under the job's own network policy`,
      },
    );
  }
  return planned;
}
