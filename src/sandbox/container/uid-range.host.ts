import { AirlockError } from "../../core/airlock-error.js";
import { claimSlot } from "../../core/claim-slot.host.js";

/**
 * Private host uid/gid ranges, one per concurrent sandbox: sandbox root maps to the first id
 * of its range, so two sandboxes never share a host identity. Ranges start far above every
 * id /etc/subuid normally hands out (2^30) and are claimed atomically as slots.
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

/** Claims the lowest free range for `sandboxId`. Throws AIRLOCK_E_CAPACITY when none is free. */
export function claimIdRange(slotsDir: string, sandboxId: string): IdRange {
  const slot = claimSlot(slotsDir, sandboxId, slotCount);
  if (slot === undefined) {
    throw new AirlockError("AIRLOCK_E_CAPACITY", `all ${slotCount} sandbox id ranges are in use`, {
      fix: "wait for running sandboxes to end, or run `airlock sandbox gc` to reclaim orphans",
    });
  }
  return { slot, hostIdBase: hostIdBaseOf(slot) };
}
