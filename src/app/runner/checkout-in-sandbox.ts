import type { SandboxBackend } from "../../sandbox/sandbox.js";
import { openGitHelper } from "./git-helper-sandbox.js";
import { inspectTree, type TreeFindings } from "./inspect-tree.js";

/** Where the helper sandbox sees the mirror. */
const mirrorMount = "/airlock/mirror.git";

/** What the helper checks out, and where. */
export interface CheckoutRequest {
  /** A container backend: the microVM backend refuses mounts. */
  readonly backend: SandboxBackend;
  /** An airlock image with git (the runner's default image). */
  readonly image: string;
  /** The bare mirror, mounted read-only. */
  readonly mirrorDir: string;
  /**
   * The job's source directory on the host, mounted read-write: it must be empty and
   * writable by the sandbox's root (an unmapped host uid).
   */
  readonly sourceDir: string;
  /** The repository's URL without credentials: the checkout's `origin`. */
  readonly url: string;
  readonly sha: string;
  readonly ref: string;
  /** The payload's refspecs the mirror has. */
  readonly refspecs: readonly string[];
  /** undefined: the whole history. */
  readonly depth: number | undefined;
  /**
   * List the checkout's submodules limited by these pathspecs (GIT_SUBMODULE_PATHS; empty:
   * all); undefined: do not list them.
   */
  readonly submodulePaths?: readonly string[] | undefined;
}

/**
 * Checks the job's commit out as GitLab Runner's fetch does (init, fetch of the refspecs
 * and the sha at the depth, forced checkout of the sha as a detached HEAD), but inside a
 * throw-away sandbox with no network that sees only the read-only mirror and the source
 * directory (openGitHelper): whatever the repository holds is handled by git there, never
 * on the host. git's output goes to `log`. The sandbox is destroyed before this returns. A
 * failing step throws AIRLOCK_E_GIT_SOURCES.
 */
export async function checkoutInSandbox(
  request: CheckoutRequest,
  log: (line: string) => void,
  signal: AbortSignal,
): Promise<TreeFindings> {
  log(`Checking out in a helper sandbox of image ${request.image} without network`);
  await using helper = await openGitHelper(
    {
      backend: request.backend,
      image: request.image,
      mounts: [
        { source: request.mirrorDir, destination: mirrorMount, readonly: true },
        { source: request.sourceDir, destination: "/airlock/source", readonly: false },
      ],
    },
    log,
    signal,
  );
  const { git } = helper;
  await git(["init", "--quiet", "--template=", "."]);
  await git(["remote", "add", "origin", request.url]);
  log("Created fresh repository.");
  const depth = request.depth === undefined ? [] : [`--depth=${request.depth}`];
  log(`Fetching changes${depth.length > 0 ? ` with git depth set to ${request.depth}` : ""}...`);
  await git([
    "fetch",
    "--quiet",
    "--no-tags",
    ...depth,
    `file://${mirrorMount}`,
    ...request.refspecs,
    `+${request.sha}:refs/airlock/job`,
  ]);
  log(`Checking out ${request.sha.slice(0, 8)} as detached HEAD (ref is ${request.ref})...`);
  await git(["checkout", "-f", "-q", request.sha]);
  await git(["update-ref", "-d", "refs/airlock/job"]);
  return await inspectTree(helper, "/airlock/source", request.submodulePaths);
}
