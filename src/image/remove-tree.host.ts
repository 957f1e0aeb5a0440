import { readFile, realpath, rm } from "node:fs/promises";
import { AirlockError } from "../core/airlock-error.js";

/**
 * Removes a root-owned directory tree of the image store. Refuses when anything is mounted at
 * or below it in this mount namespace: removing through a mount would delete files of
 * whatever is mounted there (a leaked /dev or /proc bind of a killed build, a sandbox's view).
 */
export async function removeTree(dir: string): Promise<void> {
  const mounts = await mountsAtOrBelow(dir);
  if (mounts.length > 0) {
    throw new AirlockError(
      "AIRLOCK_E_IMAGE_IN_USE",
      `refusing to remove ${dir}: ${mounts.join(", ")} ${mounts.length > 1 ? "are" : "is"} mounted below it`,
      {
        fix: `stop what uses it, or unmount it (\`umount -R ${mounts[mounts.length - 1] ?? dir}\`), then retry`,
      },
    );
  }
  await rm(dir, { recursive: true, force: true });
}

async function mountsAtOrBelow(path: string): Promise<string[]> {
  // mountinfo shows real paths: the state directory may sit behind a symlink.
  const dir = await realpath(path).catch(() => path);
  const text = await readFile("/proc/self/mountinfo", "utf8").catch(() => "");
  const prefix = dir.endsWith("/") ? dir : `${dir}/`;
  return text
    .split("\n")
    .map((line) =>
      (line.split(" ")[4] ?? "").replace(/\\([0-7]{3})/g, (_m, oct: string) =>
        String.fromCharCode(parseInt(oct, 8)),
      ),
    )
    .filter((mount) => mount === dir || mount.startsWith(prefix))
    .sort((a, b) => b.length - a.length);
}
