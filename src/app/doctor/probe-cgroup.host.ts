import { existsSync } from "node:fs";
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import {
  availableControllers,
  detectCgroupLayout,
  type CgroupLayout,
} from "./detect-cgroup-layout.js";
import type { CgroupFacts } from "./host-report.js";

/** Reads this host's cgroup layout, controllers and whether swap is accounted. */
export async function probeCgroup(): Promise<CgroupFacts> {
  const layout = detectCgroupLayout(await readText("/proc/self/mounts"));
  const controllersText =
    layout.unifiedMount === undefined
      ? ""
      : await readText(join(layout.unifiedMount, "cgroup.controllers"));
  const facts = {
    kind: layout.kind,
    controllers: availableControllers(layout, controllersText),
    swapAccounting: await swapAccounted(layout),
  };
  return layout.unifiedMount === undefined
    ? facts
    : { ...facts, unifiedMount: layout.unifiedMount };
}

/** v1: memory.memsw.* exist; v2: memory.swap.max exists in a child cgroup (never the root). */
async function swapAccounted(layout: CgroupLayout): Promise<boolean> {
  if (layout.kind === "v2" && layout.unifiedMount !== undefined) {
    const children = await readdir(layout.unifiedMount, { withFileTypes: true }).catch(() => []);
    return children.some(
      (entry) =>
        entry.isDirectory() &&
        existsSync(join(layout.unifiedMount ?? "", entry.name, "memory.swap.max")),
    );
  }
  const memory = layout.v1Controllers["memory"];
  return memory !== undefined && existsSync(join(memory, "memory.memsw.limit_in_bytes"));
}

async function readText(path: string): Promise<string> {
  return readFile(path, "utf8").catch(() => "");
}
