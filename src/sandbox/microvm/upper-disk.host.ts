import { chown, open } from "node:fs/promises";
import { AirlockError } from "../../core/airlock-error.js";
import { runCommand } from "../../core/run-command.host.js";

/**
 * Makes `path`, the job's writable layer: a sparse file of `diskMiB` with an empty ext4 (no
 * journal: it dies with the VM), owned by `owner` (QEMU's unprivileged uid). The guest puts
 * it under its overlay as the upper layer, so it bounds what the job can write. The host
 * never mounts it: after the job it is deleted unread.
 */
export async function makeUpperDisk(path: string, diskMiB: number, owner: number): Promise<void> {
  const file = await open(path, "wx", 0o600);
  try {
    await file.truncate(diskMiB * 1024 * 1024);
  } finally {
    await file.close();
  }
  const made = await runCommand(
    ["mkfs.ext4", "-q", "-F", "-O", "^has_journal", "-m", "0", "-E", "nodiscard", path],
    { timeoutMs: 60_000 },
  );
  if (made.exitCode !== 0) {
    throw new AirlockError(
      "AIRLOCK_E_SANDBOX_CREATE_FAILED",
      `making the writable disk ${path} failed: ${made.stderr.trim()}`,
    );
  }
  await chown(path, owner, owner);
}
