import { join } from "node:path";

/**
 * Where airlock keeps images, sandbox state and native helpers. `AIRLOCK_STATE_DIR`
 * overrides the default `/var/lib/airlock` (tests use their own directory).
 */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  return env["AIRLOCK_STATE_DIR"] ?? "/var/lib/airlock";
}

export function statePath(...parts: string[]): string {
  return join(stateDir(), ...parts);
}
