import { mkdir } from "node:fs/promises";
import { AirlockError, isAirlockError } from "../../core/airlock-error.js";
import type { GitlabGitInfo } from "../../gitlab/gitlab-job-payload.js";
import type { JobVariable } from "../../job/job-spec.js";
import type { SandboxBackend } from "../../sandbox/sandbox.js";
import { treeHandover } from "./adopt-tree.host.js";
import { checkoutInSandbox } from "./checkout-in-sandbox.js";
import {
  checkoutSubmodulesInSandbox,
  type NestedSubmodules,
  type PlannedSubmodule,
} from "./checkout-submodules-in-sandbox.js";
import { refreshMirror } from "./git-mirror.host.js";
import { gitSourceSettings } from "./git-source-settings.js";
import { openForSandbox, reownTree } from "./reown-tree.host.js";
import { planSubmodules } from "./submodule-plan.js";

/** What a job's get_sources needs. */
export interface SourcesRequest {
  readonly git: GitlabGitInfo;
  /** The job's variables (GIT_STRATEGY, GIT_DEPTH, GIT_SUBMODULE_*). */
  readonly variables: readonly JobVariable[];
  /** The job's source directory on the host (JobSpec.source.hostDir). */
  readonly sourceDir: string;
  /** `<state dir>/runner`: the git cache lives in its `git-cache/`. */
  readonly workRoot: string;
  /** The checkout sandbox: a container backend and an image with git. */
  readonly backend: SandboxBackend;
  readonly image: string;
}

/** Levels of nested submodules `recursive` follows before it gives up. */
const maxSubmoduleLevels = 8;

/**
 * The job's commit in `sourceDir`: the host's mirror of the repository is refreshed if
 * GitLab's refs changed (refreshMirror: protocol work only), then a helper sandbox without
 * network checks the commit out of the read-only mirror (checkoutInSandbox), and the files
 * are given back to host root so the executor copies them as any source tree. Nothing of
 * the repository runs on the host. GIT_STRATEGY none (or empty) leaves `sourceDir` empty.
 * Submodules (GIT_SUBMODULE_STRATEGY normal or recursive) on the job's GitLab get a mirror
 * each and are checked out at their gitlinks in further helper sandboxes, one per level;
 * one elsewhere fails the job (planSubmodules). LFS attributes get a warning: LFS objects
 * are not fetched. The URL in the payload holds the job token: the caller masks it in `log`.
 */
export async function cloneSources(
  request: SourcesRequest,
  log: (line: string) => void,
  signal: AbortSignal,
): Promise<void> {
  const { git } = request;
  const settings = gitSourceSettings(request.variables, git.depth);
  for (const warning of settings.warnings) log(warning);
  await mkdir(request.sourceDir, { recursive: true, mode: 0o755 });
  if (settings.strategy === "none") {
    log("Skipping Git repository setup");
    return;
  }
  const mirror = await refreshMirror(request.workRoot, git, log, signal);
  await openForSandbox(request.sourceDir);
  try {
    const found = await checkoutInSandbox(
      {
        backend: request.backend,
        image: request.image,
        mirrorDir: mirror.path,
        sourceDir: request.sourceDir,
        url: mirror.url,
        sha: git.sha,
        ref: git.ref,
        refspecs: mirror.refspecs,
        depth: settings.depth,
        submodulePaths: settings.submodules === "none" ? undefined : settings.submodulePaths,
      },
      log,
      signal,
    );
    const lfs = found.lfs ? ["the repository"] : [];
    if (settings.submodules === "none") {
      log("Skipping Git submodules setup");
    } else {
      log(
        settings.submodules === "recursive"
          ? "Updating/initializing submodules recursively..."
          : "Updating/initializing submodules...",
      );
      let pending: readonly NestedSubmodules[] =
        found.submodules.length === 0
          ? []
          : [{ parentDir: "", parentUrl: mirror.url, entries: found.submodules }];
      for (let level = 0; pending.length > 0; level++) {
        if (level === maxSubmoduleLevels) {
          throw new AirlockError(
            "AIRLOCK_E_GIT_SOURCES",
            `submodules are nested more than ${maxSubmoduleLevels} levels deep`,
            { fix: "use GIT_SUBMODULE_STRATEGY normal, or flatten the submodules" },
          );
        }
        const toFetch = planSubmodules(git.repoUrl, pending, settings.submoduleForceHttps);
        const planned: PlannedSubmodule[] = [];
        for (const submodule of toFetch) {
          const shown = [submodule.parentDir, submodule.path].filter((p) => p !== "").join("/");
          const state = await refreshMirror(
            request.workRoot,
            {
              repoUrl: withJobCredentials(submodule.url, git.repoUrl),
              sha: submodule.sha,
              ref: `submodule ${shown}`,
              refspecs: [],
            },
            log,
            signal,
          ).catch((error: unknown) => {
            if (!isAirlockError(error) || error.code !== "AIRLOCK_E_GIT_SOURCES") throw error;
            throw new AirlockError(
              "AIRLOCK_E_GIT_SOURCES",
              `submodule ${shown}: ${error.message}`,
              {
                fix: "push the submodule's commit to GitLab, or record a commit it has (git add <path>)",
                cause: error,
              },
            );
          });
          planned.push({ ...submodule, mirrorDir: state.path });
        }
        const round = await checkoutSubmodulesInSandbox(
          {
            backend: request.backend,
            image: request.image,
            sourceDir: request.sourceDir,
            submodules: planned,
            depth: settings.submoduleDepth,
            listNested: settings.submodules === "recursive",
            handover: await treeHandover(request.sourceDir),
          },
          log,
          signal,
        );
        lfs.push(...round.lfs);
        pending = round.nested;
      }
    }
    if (lfs.length > 0) {
      log(
        `WARNING: Git LFS is used (filter=lfs in .gitattributes of ${lfs.join(", ")}): airlock does not fetch LFS objects, so the files those attributes cover are LFS pointer files. Fetch them in the job's script (git lfs pull) if the job needs them.`,
      );
    }
  } finally {
    await reownTree(request.sourceDir);
  }
}

/** `url` (on the job's GitLab) with the user and password of the job's `repo_url`. */
function withJobCredentials(url: string, repoUrl: string): string {
  const job = new URL(repoUrl);
  const target = new URL(url);
  target.username = job.username;
  target.password = job.password;
  return target.toString();
}
