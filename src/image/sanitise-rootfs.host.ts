import { constants } from "node:fs";
import { lstat, open, readdir, rm } from "node:fs/promises";
import type { Stats } from "node:fs";
import { join } from "node:path";
import { AirlockError } from "../core/airlock-error.js";
import { sanitiseList, type SanitiseEntry } from "./sanitise-list.js";

/**
 * Applies the sanitise list to a freshly built root filesystem (as host root). Never follows
 * a symlink: a parent directory that is a symlink is refused, a target that is a symlink is
 * replaced or removed, never written through, so nothing outside `rootfs` can be touched.
 * Returns one line per change made (for --verbose).
 */
export async function sanitiseRootfs(
  rootfs: string,
  list: readonly SanitiseEntry[] = sanitiseList,
): Promise<string[]> {
  const rootStat = await lstatOrUndefined(rootfs);
  if (rootStat?.isDirectory() !== true) {
    throw new AirlockError("AIRLOCK_E_INTERNAL", `sanitise: ${rootfs} is not a directory`);
  }
  const done: string[] = [];
  for (const entry of list) {
    const target = await hostPathOf(rootfs, entry.path);
    if (target === undefined) continue;
    const changed = await apply(target, entry);
    if (changed) done.push(`${entry.path}: ${entry.action.kind} (${entry.reason})`);
  }
  return done;
}

/** The host path of `path` inside `rootfs`; undefined when a parent is missing. */
async function hostPathOf(rootfs: string, path: string): Promise<string | undefined> {
  const parts = path.split("/").filter((p) => p.length > 0);
  if (!path.startsWith("/") || parts.length === 0 || parts.some((p) => p === "." || p === "..")) {
    throw new AirlockError(
      "AIRLOCK_E_INTERNAL",
      `sanitise: "${path}" is not a normal absolute path`,
    );
  }
  let dir = rootfs;
  for (const part of parts.slice(0, -1)) {
    dir = join(dir, part);
    const stat = await lstatOrUndefined(dir);
    if (stat === undefined) return undefined;
    if (!stat.isDirectory()) {
      throw new AirlockError(
        "AIRLOCK_E_INTERNAL",
        `sanitise: ${dir} is not a directory (a symlink?); refusing to follow it for ${path}`,
      );
    }
  }
  return join(rootfs, ...parts);
}

async function apply(target: string, entry: SanitiseEntry): Promise<boolean> {
  const action = entry.action;
  const stat = await lstatOrUndefined(target);
  switch (action.kind) {
    case "write": {
      if (stat !== undefined) await rm(target, { recursive: true, force: true });
      const file = await open(
        target,
        constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
        action.mode,
      );
      try {
        await file.writeFile(action.content);
        await file.chmod(action.mode);
        if (process.getuid?.() === 0) await file.chown(0, 0);
      } finally {
        await file.close();
      }
      return true;
    }
    case "remove":
      if (stat === undefined) return false;
      await rm(target, { recursive: true, force: true });
      return true;
    case "clear-dir":
    case "remove-matching": {
      if (stat?.isDirectory() !== true) return false;
      const names = (await readdir(target)).filter(
        (name) => action.kind === "clear-dir" || action.pattern.test(name),
      );
      await Promise.all(
        names.map((name) => rm(join(target, name), { recursive: true, force: true })),
      );
      return names.length > 0;
    }
    case "empty-files":
      if (stat?.isDirectory() !== true) return false;
      return (await emptyFilesBelow(target)) > 0;
  }
}

/** Truncates every non-empty regular file below `dir` (not following symlinks); returns how many. */
async function emptyFilesBelow(dir: string): Promise<number> {
  let count = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      count += await emptyFilesBelow(path);
    } else if (entry.isFile()) {
      const file = await open(path, constants.O_WRONLY | constants.O_NOFOLLOW);
      try {
        if ((await file.stat()).size > 0) {
          await file.truncate(0);
          count += 1;
        }
      } finally {
        await file.close();
      }
    }
  }
  return count;
}

async function lstatOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
