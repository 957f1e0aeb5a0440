import { randomBytes } from "node:crypto";
import { mkdir, rename, rm } from "node:fs/promises";
import { isNotFound } from "./copy-dir-content.host.js";

/**
 * Replaces the host directory `target` by what `fill(temp)` writes into a fresh sibling
 * temp directory: readers see the old content or the new, never a half-written one. If
 * `fill` throws, `target` is untouched and the temp directory removed.
 */
export async function replaceDir(
  target: string,
  fill: (temp: string) => Promise<void>,
): Promise<void> {
  const suffix = randomBytes(6).toString("hex");
  const temp = `${target}.tmp-${suffix}`;
  const old = `${target}.old-${suffix}`;
  await mkdir(temp, { recursive: true });
  try {
    await fill(temp);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  let moved = false;
  try {
    await rename(target, old);
    moved = true;
  } catch (error) {
    if (!isNotFound(error)) {
      await rm(temp, { recursive: true, force: true });
      throw error;
    }
  }
  await rename(temp, target);
  if (moved) await rm(old, { recursive: true, force: true });
}
