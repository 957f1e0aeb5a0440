import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { sandboxesDir } from "../../src/sandbox/container/container-paths.js";

/**
 * Notes the container sandboxes made from `imageIds` while it runs (polling the state
 * directory's records every 20 ms), so a test can prove exactly those left nothing, while
 * other engineers' sandboxes come and go on the same host. Call stop() to end the polling.
 */
export function watchSandboxesOf(imageIds: readonly string[]): {
  readonly ids: ReadonlySet<string>;
  stop(): void;
} {
  const ids = new Set<string>();
  const poll = (): void => {
    if (!existsSync(sandboxesDir())) return;
    for (const id of readdirSync(sandboxesDir())) {
      if (ids.has(id)) continue;
      try {
        const record = JSON.parse(
          readFileSync(join(sandboxesDir(), id, "sandbox.json"), "utf8"),
        ) as { imageId?: unknown };
        if (typeof record.imageId === "string" && imageIds.includes(record.imageId)) ids.add(id);
      } catch {
        /* not written yet, or gone */
      }
    }
  };
  const timer = setInterval(poll, 20);
  return {
    ids,
    stop: () => {
      clearInterval(timer);
      poll();
    },
  };
}
