import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { stateDir } from "../core/state-dir.js";
import type { ImageUsage } from "./image-usage.js";
import { isPidAlive } from "./process-alive.js";

/**
 * The default ImageUsage: an image is in use when some `<state>/sandboxes/<id>/sandbox.json`
 * names it as `imageId` and its owner process is alive. The owner is read as `ownerPid` or
 * as `owner: { pid, startTime }` (the container backend's record; the start time, when
 * present, tells a recycled pid from the owner). A record that exists but cannot be parsed
 * (being written, damaged) counts as using every image: keeping garbage is better than
 * removing an image under a running sandbox.
 */
export function sandboxImageUsage(
  sandboxesDir: string = join(stateDir(), "sandboxes"),
): ImageUsage {
  return {
    async isInUse(id: string): Promise<boolean> {
      let entries: string[];
      try {
        entries = await readdir(sandboxesDir);
      } catch (error: unknown) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
        throw error;
      }
      for (const entry of entries) {
        const use = await recordUse(join(sandboxesDir, entry, "sandbox.json"));
        if (use === "unknown") return true;
        if (use !== undefined && use.imageId === id && use.alive) return true;
      }
      return false;
    },
  };
}

type RecordUse = { readonly imageId: string; readonly alive: boolean } | "unknown" | undefined;

async function recordUse(path: string): Promise<RecordUse> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error: unknown) {
    const code = (error as NodeJS.ErrnoException).code;
    // No record yet: the sandbox has made no resource, so it uses no image yet.
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw error;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return "unknown";
  }
  if (typeof value !== "object" || value === null) return "unknown";
  const v = value as Record<string, unknown>;
  const imageId = v["imageId"];
  if (typeof imageId !== "string") return undefined;
  const owner =
    typeof v["owner"] === "object" && v["owner"] !== null
      ? (v["owner"] as Record<string, unknown>)
      : {};
  const pid = typeof v["ownerPid"] === "number" ? v["ownerPid"] : owner["pid"];
  if (typeof pid !== "number") return "unknown";
  const startTime = owner["startTime"];
  const alive =
    typeof startTime === "string" ? (await processStartTime(pid)) === startTime : isPidAlive(pid);
  return { imageId, alive };
}

/** Field 22 of /proc/PID/stat (start time in clock ticks since boot); undefined if gone. */
async function processStartTime(pid: number): Promise<string | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}
