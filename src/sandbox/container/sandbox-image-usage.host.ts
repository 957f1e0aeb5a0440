import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { ImageUsage } from "../../image/image-usage.js";
import { isOwnerAlive } from "../owner.host.js";
import { sandboxesDir } from "./container-paths.js";
import { readRecord, recordPath } from "./sandbox-record.js";

/**
 * Which images live container sandboxes use, for `image gc` and `image rm --prune`: an image
 * is in use when a sandbox record names it and the record's owner is alive. A record that
 * exists but cannot be read (being written, damaged) counts as using every image: keeping
 * garbage is better than removing an image under a running sandbox. A sandbox without a
 * record has made no resource yet; it checks its image again after writing the record.
 */
export function sandboxImageUsage(dir: string = sandboxesDir()): ImageUsage {
  return {
    async isInUse(id: string): Promise<boolean> {
      let entries: string[];
      try {
        entries = await readdir(dir);
      } catch (error: unknown) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
        throw error;
      }
      for (const entry of entries) {
        const sandbox = join(dir, entry);
        if (!existsSync(recordPath(sandbox))) continue;
        const record = await readRecord(sandbox);
        if (record === undefined) return true;
        if (record.imageId === id && isOwnerAlive(record.owner)) return true;
      }
      return false;
    },
  };
}
