import type { Sandbox } from "../sandbox/sandbox.js";
import { listTracked } from "./list-tracked.js";
import { listWorkspace } from "./list-workspace.js";
import { matchArtifactPaths, type WorkspaceEntry } from "./match-artifact-paths.js";

export interface PathSelection {
  readonly entries: readonly WorkspaceEntry[];
  readonly paths: readonly string[];
}

/** Lists the workspace and applies `paths`/`exclude`/`untracked`, saying what it found. */
export async function selectWorkspacePaths(
  sandbox: Sandbox,
  projectDir: string,
  rules: {
    readonly paths: readonly string[];
    readonly exclude: readonly string[];
    readonly untracked: boolean;
  },
  say: (line: string) => void,
): Promise<PathSelection> {
  const entries = await listWorkspace(sandbox, projectDir);
  let untracked: { readonly tracked: readonly string[] } | undefined;
  if (rules.untracked) {
    const listed = await listTracked(sandbox, projectDir);
    if ("tracked" in listed) untracked = listed;
    else say(`WARNING: untracked: ${listed.reason}`);
  }
  const match = matchArtifactPaths(entries, rules.paths, rules.exclude, untracked);
  for (const line of match.log) {
    say(line.endsWith("relative to the working directory") ? `${line} (${projectDir})` : line);
  }
  return { entries, paths: match.paths };
}
