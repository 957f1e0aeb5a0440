import { readdir } from "node:fs/promises";
import type { Sandbox } from "../sandbox/sandbox.js";

/**
 * Copies what the host directory `hostDir` contains (not the directory itself) into
 * `sandboxDir` in one transfer. False, copying nothing, when `hostDir` does not exist.
 */
export async function copyDirContent(
  sandbox: Sandbox,
  hostDir: string,
  sandboxDir: string,
): Promise<boolean> {
  let names: string[];
  try {
    names = await readdir(hostDir);
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
  if (names.length > 0) await sandbox.copyIn(hostDir, sandboxDir, { contentsOnly: true });
  return true;
}

export function isNotFound(error: unknown): boolean {
  return error instanceof Error && "code" in error && error.code === "ENOENT";
}
