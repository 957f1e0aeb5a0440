import { mkdir, open, readFile, rm, stat } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { AirlockError } from "../core/airlock-error.js";
import { imagesDir, storeLockPath } from "./image-store-paths.js";
import { isPidAlive } from "./process-alive.js";

const waitLimitMs = 120_000;

/**
 * Runs `fn` holding the image store's lock: a file created exclusively, holding the owner's
 * pid. A lock whose owner is dead is broken. Held only for short steps (checking and writing
 * names, renaming image directories), never during a build or a tree removal, so that gc
 * cannot remove an image between a build deciding it is up to date and naming it.
 */
export async function withStoreLock<T>(fn: () => Promise<T>): Promise<T> {
  const path = storeLockPath();
  await mkdir(imagesDir(), { recursive: true, mode: 0o755 });
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      const file = await open(path, "wx", 0o644);
      try {
        await file.writeFile(`${process.pid}\n`);
      } finally {
        await file.close();
      }
      break;
    } catch (error: unknown) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    if (await isStale(path)) {
      await rm(path, { force: true });
      continue;
    }
    if (Date.now() - started > waitLimitMs) {
      throw new AirlockError(
        "AIRLOCK_E_INTERNAL",
        `the image store lock ${path} is held for too long`,
        {
          fix: `if no airlock process is running, remove ${path}`,
        },
      );
    }
    await sleep(Math.min(20 * 2 ** attempt, 250));
  }
  try {
    return await fn();
  } finally {
    await rm(path, { force: true });
  }
}

async function isStale(path: string): Promise<boolean> {
  try {
    const text = await readFile(path, "utf8");
    const pid = Number(text.trim());
    if (Number.isInteger(pid) && pid > 0) return !isPidAlive(pid);
    // Not yet written by its owner, or damaged: stale once it is old.
    return Date.now() - (await stat(path)).mtimeMs > 10_000;
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}
