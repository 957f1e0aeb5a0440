import { existsSync } from "node:fs";

/**
 * Why a root-only integration suite cannot run here, or undefined when it can. Suites skip
 * with this reason printed, never silently.
 */
export function missingRootFeature(): string | undefined {
  if (process.getuid?.() !== 0)
    return "needs root (user namespaces, overlayfs, loop devices, runc)";
  if (!existsSync("/usr/sbin/runc") && !existsSync("/usr/bin/runc"))
    return "needs runc (airlock doctor --fix)";
  return undefined;
}

export function reportSkip(suite: string, reason: string | undefined): void {
  if (reason !== undefined) console.warn(`SKIP ${suite}: ${reason}`);
}
