import {
  mkdirSync,
  openSync,
  closeSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { AirlockError } from "../../core/airlock-error.js";

/**
 * Private host uid/gid ranges, one per concurrent sandbox: sandbox root maps to the first id
 * of its range, so two sandboxes never share a host identity. Ranges start far above every
 * id /etc/subuid normally hands out (2^30) and are claimed atomically with O_EXCL slot files.
 */
export const idRangeSize = 65536;
const firstHostId = 1 << 30;
const slotCount = 1024;

export interface IdRange {
  readonly slot: number;
  readonly hostIdBase: number;
}

export function hostIdBaseOf(slot: number): number {
  return firstHostId + slot * idRangeSize;
}

/** Claims the lowest free slot for `sandboxId`. Throws AIRLOCK_E_CAPACITY when none is free. */
export function claimIdRange(slotsDir: string, sandboxId: string): IdRange {
  mkdirSync(slotsDir, { recursive: true });
  for (let slot = 0; slot < slotCount; slot++) {
    let fd: number;
    try {
      fd = openSync(join(slotsDir, String(slot)), "wx", 0o600);
    } catch (e: unknown) {
      if ((e as NodeJS.ErrnoException).code === "EEXIST") continue;
      throw e;
    }
    writeSync(fd, sandboxId);
    closeSync(fd);
    return { slot, hostIdBase: hostIdBaseOf(slot) };
  }
  throw new AirlockError("AIRLOCK_E_CAPACITY", `all ${slotCount} sandbox id ranges are in use`, {
    fix: "wait for running sandboxes to end, or run `airlock sandbox gc` to reclaim orphans",
  });
}

/** Releases `slot` if (and only if) it is still held by `sandboxId`. */
export function releaseIdRange(slotsDir: string, slot: number, sandboxId: string): void {
  const path = join(slotsDir, String(slot));
  try {
    if (readFileSync(path, "utf8") === sandboxId) rmSync(path);
  } catch {
    /* already free */
  }
}

/** Slots and the sandbox ids holding them. */
export function heldIdRanges(slotsDir: string): { slot: number; sandboxId: string }[] {
  let names: string[];
  try {
    names = readdirSync(slotsDir);
  } catch {
    return [];
  }
  return names
    .filter((n) => /^\d+$/.test(n))
    .map((n) => ({ slot: Number(n), sandboxId: readFileSync(join(slotsDir, n), "utf8") }));
}
