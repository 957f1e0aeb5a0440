import { join } from "node:path";
import { resourcePrefix } from "../../core/ids.js";
import { stateDir } from "../../core/state-dir.js";

/** Where one container sandbox's labelled host resources live; derived from its id alone. */
export interface ContainerPaths {
  readonly dir: string;
  readonly containerId: string;
  readonly cgroupsPath: string;
}

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
  };
}
