import { join, posix } from "node:path";
import type { Sandbox } from "../sandbox/sandbox.js";
import { copyRoots } from "./copy-roots.js";
import type { PathSelection } from "./select-workspace-paths.js";

/** Copies the selected paths out of projectDir into `hostDir`, keeping their relative layout. */
export async function copyOutSelection(
  sandbox: Sandbox,
  projectDir: string,
  selection: PathSelection,
  hostDir: string,
): Promise<void> {
  for (const root of copyRoots(selection.entries, selection.paths)) {
    await sandbox.copyOut(posix.join(projectDir, root), join(hostDir, posix.dirname(root)));
  }
}
