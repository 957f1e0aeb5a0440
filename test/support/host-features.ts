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

/**
 * Why the microVM suites cannot run here (root, runc for the shared state, QEMU), or
 * undefined. They run under TCG where KVM cannot boot a guest (nested KVM hangs on CI hosts).
 */
export function missingMicrovmFeature(): string | undefined {
  const root = missingRootFeature();
  if (root !== undefined) return root;
  const path = (process.env["PATH"] ?? "").split(":");
  return path.some((dir) => existsSync(`${dir}/qemu-system-x86_64`))
    ? undefined
    : "needs qemu-system-x86_64 (airlock doctor --fix installs qemu-system-x86)";
}
