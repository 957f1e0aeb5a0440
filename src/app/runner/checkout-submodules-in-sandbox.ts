import type { SandboxBackend } from "../../sandbox/sandbox.js";
import { openGitHelper, sourceMount } from "./git-helper-sandbox.js";
import type { SubmoduleEntry } from "./gitmodules-listing.js";
import { inspectTree } from "./inspect-tree.js";

/** One submodule to check out: where, at which commit, from which mirror. */
export interface PlannedSubmodule {
  /** The superproject's (or parent submodule's) directory below the source directory; "" for the top. */
  readonly parentDir: string;
  /** Its name in the parent's `.gitmodules`, its path below `parentDir`, its gitlink. */
  readonly name: string;
  readonly path: string;
  readonly sha: string;
  /** Its URL on the job's GitLab, without credentials: the submodule's `origin`. */
  readonly url: string;
  /** The host's bare mirror holding `sha`, mounted read-only. */
  readonly mirrorDir: string;
}

/** Submodules found inside the ones just checked out (`recursive`). */
export interface NestedSubmodules {
  readonly parentDir: string;
  readonly parentUrl: string;
  readonly entries: readonly SubmoduleEntry[];
}

/** One round of submodules: see checkoutSubmodulesInSandbox. */
export interface SubmoduleRound {
  readonly backend: SandboxBackend;
  readonly image: string;
  readonly sourceDir: string;
  readonly submodules: readonly PlannedSubmodule[];
  /** GIT_SUBMODULE_DEPTH; undefined: the whole history. */
  readonly depth: number | undefined;
  /** Whether to list the submodules of each checked-out submodule (`recursive`). */
  readonly listNested: boolean;
  /**
   * Hands the source tree, written by earlier helper sandboxes, to this one: the sandbox
   * writes `marker` (relative to the source directory), then `adopt` runs on the host
   * (treeHandover).
   */
  readonly handover: { readonly marker: string; readonly adopt: () => Promise<void> };
}

/**
 * Checks out each submodule at its gitlink as `git submodule update --checkout` does (its
 * git directory under the parent's `.git/modules/<name>`, a detached HEAD), in a helper
 * sandbox without network that sees the submodules' mirrors read-only: the parent's
 * `submodule.<name>.url` points at the mounted mirror for the update, then back at the
 * GitLab URL, which is also the submodule's `origin` (no mirror path is left in the tree).
 * Resolves to the submodules found inside them when `listNested`, and the paths whose
 * .gitattributes use LFS. A failing step throws AIRLOCK_E_GIT_SOURCES.
 */
export async function checkoutSubmodulesInSandbox(
  round: SubmoduleRound,
  log: (line: string) => void,
  signal: AbortSignal,
): Promise<{ readonly nested: readonly NestedSubmodules[]; readonly lfs: readonly string[] }> {
  const mirrors = [...new Set(round.submodules.map((s) => s.mirrorDir))];
  const mountOf = (mirrorDir: string): string =>
    `/airlock/mirrors/${mirrors.indexOf(mirrorDir)}.git`;
  await using helper = await openGitHelper(
    {
      backend: round.backend,
      image: round.image,
      mounts: [
        ...mirrors.map((m) => ({ source: m, destination: mountOf(m), readonly: true })),
        { source: round.sourceDir, destination: sourceMount, readonly: false },
      ],
    },
    log,
    signal,
  );
  await helper.markOwner(round.handover.marker);
  await round.handover.adopt();
  const { git } = helper;
  const depth = round.depth === undefined ? [] : ["--depth", String(round.depth)];
  const nested: NestedSubmodules[] = [];
  const lfs: string[] = [];
  for (const submodule of round.submodules) {
    const parent =
      submodule.parentDir === "" ? sourceMount : `${sourceMount}/${submodule.parentDir}`;
    const shown =
      submodule.parentDir === "" ? submodule.path : `${submodule.parentDir}/${submodule.path}`;
    const key = `submodule.${submodule.name}.url`;
    log(`Checking out submodule ${shown} at ${submodule.sha.slice(0, 8)} from ${submodule.url}`);
    await git(["config", key, `file://${mountOf(submodule.mirrorDir)}`], parent);
    await git(["submodule", "update", "--checkout", ...depth, "--", submodule.path], parent);
    await git(["config", key, submodule.url], parent);
    const dir = `${sourceMount}/${shown}`;
    await git(["config", "remote.origin.url", submodule.url], dir);
    const found = await inspectTree(helper, dir, round.listNested ? [] : undefined);
    if (found.lfs) lfs.push(shown);
    if (found.submodules.length > 0) {
      nested.push({ parentDir: shown, parentUrl: submodule.url, entries: found.submodules });
    }
  }
  return { nested, lfs };
}
