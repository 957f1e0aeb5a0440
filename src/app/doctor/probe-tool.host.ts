import { runCommand } from "../../core/run-command.host.js";
import { findProgram } from "./find-program.host.js";
import type { ToolFact } from "./host-report.js";
import { parseVersion } from "./parse-version.js";

/** Finds a program and asks it for its version (`--version` unless told otherwise). */
export async function probeTool(
  name: string,
  versionArgs: readonly string[] = ["--version"],
): Promise<ToolFact> {
  const path = findProgram(name);
  if (path === undefined) return {};
  try {
    const result = await runCommand([path, ...versionArgs], { timeoutMs: 10_000 });
    const version = parseVersion(`${result.stdout}\n${result.stderr}`);
    return version === undefined ? { path } : { path, version };
  } catch {
    return { path };
  }
}
