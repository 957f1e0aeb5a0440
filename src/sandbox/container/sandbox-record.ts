import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Owner } from "../owner.host.js";

/**
 * `<state>/sandboxes/<id>/sandbox.json`: the label of every host resource one container
 * sandbox holds. Written before the first resource is made, so the orphan sweep can always
 * find and remove what a killed airlock process left behind.
 */
export interface SandboxRecord {
  readonly id: string;
  /** Both backends keep this record and share teardown and the orphan sweep. */
  readonly backend: "container" | "microvm";
  readonly imageId: string;
  readonly owner: Owner;
  readonly slot: number;
  readonly hostIdBase: number;
  /** The runc container id; a microVM has none, but the name is reserved all the same. */
  readonly containerId: string;
  /** The network address slot (veth `alk<slot>h`) when the policy is not `none`. */
  readonly networkSlot?: number;
  readonly createdAt: string;
}

export function recordPath(dir: string): string {
  return join(dir, "sandbox.json");
}

export async function writeRecord(dir: string, record: SandboxRecord): Promise<void> {
  await writeFile(recordPath(dir), `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
}

/** Reads a record; undefined when missing or unreadable (a half-created sandbox). */
export async function readRecord(dir: string): Promise<SandboxRecord | undefined> {
  try {
    const value: unknown = JSON.parse(await readFile(recordPath(dir), "utf8"));
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is SandboxRecord {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  const owner = v["owner"] as Record<string, unknown> | undefined;
  return (
    typeof v["id"] === "string" &&
    typeof v["imageId"] === "string" &&
    typeof v["slot"] === "number" &&
    typeof v["hostIdBase"] === "number" &&
    typeof v["containerId"] === "string" &&
    typeof owner?.["pid"] === "number" &&
    typeof owner["startTime"] === "string"
  );
}
