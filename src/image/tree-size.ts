import { lstat, readdir } from "node:fs/promises";
import { join } from "node:path";

/**
 * The apparent size in bytes of a directory tree: regular files and symlinks, hard-linked
 * files counted once, symlinks never followed.
 */
export async function treeSizeBytes(root: string): Promise<number> {
  const seen = new Set<string>();
  const walk = async (dir: string): Promise<number> => {
    const entries = await readdir(dir, { withFileTypes: true });
    const sizes = await Promise.all(
      entries.map(async (entry) => {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) return walk(path);
        const stat = await lstat(path);
        if (stat.nlink > 1) {
          const key = `${stat.dev}:${stat.ino}`;
          if (seen.has(key)) return 0;
          seen.add(key);
        }
        return stat.size;
      }),
    );
    return sizes.reduce((sum, size) => sum + size, 0);
  };
  return walk(root);
}
