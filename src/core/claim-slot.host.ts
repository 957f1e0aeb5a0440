import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";

/**
 * Numbered slots shared by every airlock process on the host, claimed atomically with one
 * O_EXCL file per slot (`<dir>/<n>`, holding the holder's id). Returns the lowest free slot
 * below `count`, or undefined when all are held.
 */
export function claimSlot(dir: string, holder: string, count: number): number | undefined {
  mkdirSync(dir, { recursive: true });
  for (let slot = 0; slot < count; slot++) {
    let fd: number;
    try {
      fd = openSync(join(dir, String(slot)), "wx", 0o600);
    } catch (e: unknown) {
      if ((e as NodeJS.ErrnoException).code === "EEXIST") continue;
      throw e;
    }
    writeSync(fd, holder);
    closeSync(fd);
    return slot;
  }
  return undefined;
}

/** Releases `slot` if (and only if) `holder` still holds it. */
export function releaseSlot(dir: string, slot: number, holder: string): void {
  const path = join(dir, String(slot));
  try {
    if (readFileSync(path, "utf8") === holder) rmSync(path);
  } catch {
    /* already free */
  }
}

/** Every held slot and its holder. */
export function heldSlots(dir: string): { slot: number; holder: string }[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => /^\d+$/.test(n))
    .map((n) => ({ slot: Number(n), holder: readFileSync(join(dir, n), "utf8") }));
}
