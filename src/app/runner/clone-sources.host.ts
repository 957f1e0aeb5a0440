import { mkdir } from "node:fs/promises";
import type { GitlabGitInfo } from "../../gitlab/gitlab-job-payload.js";
import type { JobVariable } from "../../job/job-spec.js";
import type { SandboxBackend } from "../../sandbox/sandbox.js";
import { checkoutInSandbox } from "./checkout-in-sandbox.js";
import { refreshMirror } from "./git-mirror.host.js";
import { gitSourceSettings } from "./git-source-settings.js";
import { openForSandbox, reownTree } from "./reown-tree.host.js";

/** What a job's get_sources needs. */
export interface SourcesRequest {
  readonly git: GitlabGitInfo;
  /** The job's variables (GIT_STRATEGY, GIT_DEPTH). */
  readonly variables: readonly JobVariable[];
  /** The job's source directory on the host (JobSpec.source.hostDir). */
  readonly sourceDir: string;
  /** `<state dir>/runner`: the git cache lives in its `git-cache/`. */
  readonly workRoot: string;
  /** The checkout sandbox: a container backend and an image with git. */
  readonly backend: SandboxBackend;
  readonly image: string;
}

/**
 * The job's commit in `sourceDir`: the host's mirror of the repository is refreshed if
 * GitLab's refs changed (refreshMirror: protocol work only), then a helper sandbox without
 * network checks the commit out of the read-only mirror (checkoutInSandbox), and the files
 * are given back to host root so the executor copies them as any source tree. Nothing of
 * the repository runs on the host. GIT_STRATEGY none (or empty) leaves `sourceDir` empty.
 * The URL in the payload holds the job token: the caller masks it in `log`.
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
    await checkoutInSandbox(
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
      },
      log,
      signal,
    );
  } finally {
    await reownTree(request.sourceDir);
  }
}
