import { randomBytes } from "node:crypto";
import { chmod, mkdir, open, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";

/**
 * Replaces `path` with `text` atomically (a temporary file in the same directory, synced,
 * renamed over it) with mode 0600: the file holds runner tokens. Readers see the old file
 * or the new one, never half of one. Creates the directory (mode 0700) when missing.
 */
export async function writeConfigFile(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    const handle = await open(temporary, "wx", 0o600);
    try {
      await handle.writeFile(text, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    // The umask may have narrowed the mode, never widened it; make it exact.
    await chmod(temporary, 0o600);
    await rename(temporary, path);
  } catch (error: unknown) {
    await rm(temporary, { force: true });
    throw error;
  }
}
