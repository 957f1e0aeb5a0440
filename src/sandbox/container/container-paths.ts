import { join } from "node:path";
import { resourcePrefix } from "../../core/ids.js";
import { stateDir } from "../../core/state-dir.js";

/** Where one container sandbox's labelled host resources live; derived from its id alone. */
export interface ContainerPaths {
  readonly dir: string;
  readonly containerId: string;
  readonly cgroupsPath: string;
  /** A microVM's own network namespace (`ip netns`); containers use their init's. */
  readonly netns: string;
}

/** `ip netns` names of microVM sandboxes: the prefix and a sandbox id. */
export const vmNetnsPattern = /^airlock-([0-9a-f]{12})$/;

export function sandboxesDir(): string {
  return join(stateDir(), "sandboxes");
}

export function idRangeSlotsDir(): string {
  return join(stateDir(), "id-ranges");
}

export function networkSlotsDir(): string {
  return join(stateDir(), "network-slots");
}

export function containerPaths(sandboxId: string): ContainerPaths {
  return {
    dir: join(sandboxesDir(), sandboxId),
    containerId: `${resourcePrefix}${sandboxId}`,
    cgroupsPath: `/airlock/${sandboxId}`,
    netns: `${resourcePrefix}${sandboxId}`,
  };
}
