import { chmod, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCommand } from "../../src/core/run-command.host.js";

/**
 * Compiles a static C probe into a fresh world-readable temp directory (bound read-only at
 * /probe in sandboxes, where root maps to an unprivileged host uid) and returns the
 * directory. Needs gcc and libc6-dev (`airlock doctor --fix`).
 */
export async function buildProbe(source: string, name = "probe"): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "airlock-probe-"));
  await chmod(dir, 0o755);
  const target = join(dir, name);
  const result = await runCommand([
    "gcc",
    "-O2",
    "-static",
    "-pthread",
    "-Wall",
    "-o",
    target,
    source,
  ]);
  if (result.exitCode !== 0) throw new Error(`gcc ${source} failed:\n${result.stderr}`);
  await chmod(target, 0o755);
  return dir;
}
