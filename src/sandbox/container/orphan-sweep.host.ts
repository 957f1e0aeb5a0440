import { readdir, stat } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { resourcePrefix } from "../../core/ids.js";
import { isOwnerAlive } from "../owner.host.js";
import {
  containerPaths,
  idRangeSlotsDir,
  networkSlotsDir,
  sandboxesDir,
  vmNetnsPattern,
} from "./container-paths.js";
import { hostIfnameOf } from "../network/address-pool.js";
import { removeSandboxLink, sandboxIdsWithTables } from "../network/sandbox-link.host.js";
import { runcListAirlock } from "./runc.host.js";
import { readRecord } from "./sandbox-record.js";
import { teardownContainer, type SandboxSlots } from "./teardown.host.js";
import { heldSlots, releaseSlot } from "../../core/claim-slot.host.js";

export interface SweepReport {
  readonly sandboxes: readonly string[];
  readonly removed: readonly string[];
  readonly leftovers: readonly string[];
}

/**
 * Removes every container sandbox whose owning airlock process is gone: sandbox dirs with a
 * dead owner (or no readable record: a create killed before its label was written), runc
 * containers with airlock's prefix and no sandbox dir, id ranges and network slots held by no
 * sandbox, and nftables tables of sandboxes that no longer exist.
 * Live sandboxes of other airlock processes are never touched.
 */
export async function sweepContainerOrphans(): Promise<SweepReport> {
  const sandboxes: string[] = [];
  const removed: string[] = [];
  const leftovers: string[] = [];
  const sweep = async (id: string, slots: SandboxSlots): Promise<void> => {
    const report = await teardownContainer(id, slots);
    sandboxes.push(id);
    removed.push(...report.removed);
    leftovers.push(...report.leftovers);
  };
  let ids: string[] = [];
  try {
    ids = await readdir(sandboxesDir());
  } catch {
    /* no sandbox was ever made here */
  }
  for (const id of ids) {
    const record = await readRecord(join(sandboxesDir(), id));
    if (record !== undefined && isOwnerAlive(record.owner)) continue;
    if (record === undefined && (await isFresh(join(sandboxesDir(), id)))) continue;
    await sweep(id, { slot: record?.slot, networkSlot: record?.networkSlot });
  }
  for (const containerId of await runcListAirlock(resourcePrefix)) {
    const id = containerId.slice(resourcePrefix.length);
    if (!existsSync(containerPaths(id).dir)) {
      await sweep(id, { slot: undefined, networkSlot: undefined });
    }
  }
  // Slots whose sandbox directory is gone: a create killed between claim and record.
  for (const dir of [idRangeSlotsDir(), networkSlotsDir()]) {
    for (const held of heldSlots(dir)) {
      if (existsSync(containerPaths(held.holder).dir)) continue;
      if (dir === networkSlotsDir()) await removeSandboxLink(held.holder, hostIfnameOf(held.slot));
      releaseSlot(dir, held.slot, held.holder);
    }
  }
  // Tables whose sandbox directory and network slot are both gone (a kill between the slot's
  // release and the table's removal). A table is loaded only after its sandbox's directory
  // exists, so no create in progress is touched.
  for (const id of await sandboxIdsWithTables()) {
    if (existsSync(containerPaths(id).dir)) continue;
    await removeSandboxLink(id, undefined);
    removed.push(`nftables tables of ${id}`);
  }
  // A microVM's netns whose sandbox directory is gone (a kill between the directory's
  // removal and the netns's). A netns is made only after its sandbox's directory exists.
  for (const id of await vmNetnsIds()) {
    if (existsSync(containerPaths(id).dir)) continue;
    await sweep(id, { slot: undefined, networkSlot: undefined });
  }
  return { sandboxes, removed, leftovers };
}

async function vmNetnsIds(): Promise<string[]> {
  const names = await readdir("/run/netns").catch(() => [] as string[]);
  return names.flatMap((name) => {
    const id = vmNetnsPattern.exec(name)?.[1];
    return id === undefined ? [] : [id];
  });
}

/** A directory without a record may be a create in progress in another process: spare it briefly. */
async function isFresh(dir: string): Promise<boolean> {
  try {
    return Date.now() - (await stat(dir)).mtimeMs < 10_000;
  } catch {
    return false;
  }
}
