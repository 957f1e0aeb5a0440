import { AirlockError } from "../../core/airlock-error.js";
import type { GitHelper } from "./git-helper-sandbox.js";
import { gitmodulesListing, type SubmoduleEntry } from "./gitmodules-listing.js";

/** What a checked-out tree holds that the host must act on. */
export interface TreeFindings {
  /** Its submodules (empty unless they were asked for). */
  readonly submodules: readonly SubmoduleEntry[];
  /** Whether its .gitattributes use `filter=lfs`. */
  readonly lfs: boolean;
}

/**
 * What a checked-out tree at `dir` (in the helper sandbox) holds that the host must act
 * on: whether its .gitattributes (any of them) use `filter=lfs`, and when `submodulePaths`
 * is given its gitlinks under those pathspecs with their `.gitmodules` entries.
 */
export async function inspectTree(
  helper: GitHelper,
  dir: string,
  submodulePaths: readonly string[] | undefined,
): Promise<TreeFindings> {
  const grep = await helper.capture(
    ["grep", "--cached", "-q", "-F", "filter=lfs", "--", ".gitattributes", "*/.gitattributes"],
    dir,
  );
  if (grep.exitCode > 1) throw failed("grep", grep.stderr);
  const lfs = grep.exitCode === 0;
  if (submodulePaths === undefined) return { submodules: [], lfs };
  const files = await helper.capture(["ls-files", "-z", "--stage", "--", ...submodulePaths], dir);
  if (files.exitCode !== 0) throw failed("ls-files", files.stderr);
  if (!/(^|\0)160000 /.test(files.stdout)) return { submodules: [], lfs };
  const config = await helper.capture(["config", "-z", "-f", ".gitmodules", "--list"], dir);
  // No readable .gitmodules: every gitlink is listed without a URL (the caller says so).
  const modules = config.exitCode === 0 ? config.stdout : "";
  return { submodules: gitmodulesListing(files.stdout, modules), lfs };
}

function failed(command: string, stderr: string): AirlockError {
  const last = stderr.trim().split("\n").at(-1) ?? "";
  return new AirlockError(
    "AIRLOCK_E_GIT_SOURCES",
    `git ${command} failed in the checkout sandbox${last === "" ? "" : `: ${last}`}`,
    { fix: "check the repository and the job's ref" },
  );
}
