import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { runCommand, runChecked } from "../../core/run-command.host.js";

/**
 * A thin driver for the `runc` binary (default state root /run/runc). Container ids are
 * `airlock-<sandbox id>`, which is the label the orphan sweep looks for.
 */
export const runtimeBinary = "runc";
const stateRoot = "/run/runc";

/**
 * Starts the container's init detached. Its stdio is /dev/null (commands run via exec): the
 * init inherits runc's stdio, so pipes here would never close. runc's errors go to a log.
 */
export async function runcRunDetached(containerId: string, bundle: string): Promise<void> {
  const log = join(bundle, "runc.log");
  const child = spawn(
    runtimeBinary,
    ["--log", log, "run", "--detach", "--bundle", bundle, containerId],
    {
      stdio: "ignore",
    },
  );
  const [code] = (await once(child, "exit")) as [number | null];
  if (code !== 0) {
    const text = await readFile(log, "utf8").catch(() => "");
    const messages = [...text.matchAll(/msg="((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]);
    throw new Error(`runc run failed (exit ${code ?? "?"}): ${messages.join("; ") || text.trim()}`);
  }
}

/** The host pid of the container's init, or undefined when runc does not know it. */
export async function runcInitPid(containerId: string): Promise<number | undefined> {
  const result = await runCommand([runtimeBinary, "state", containerId]);
  if (result.exitCode !== 0) return undefined;
  const state = JSON.parse(result.stdout) as { pid?: unknown };
  return typeof state.pid === "number" && state.pid > 0 ? state.pid : undefined;
}

/** Kills every process and removes runc's state. Idempotent: a missing container is fine. */
export async function runcRemove(containerId: string): Promise<void> {
  if (!runcKnows(containerId)) return;
  await runCommand([runtimeBinary, "kill", "--all", containerId, "KILL"]);
  await runChecked([runtimeBinary, "delete", "--force", containerId]);
}

export function runcKnows(containerId: string): boolean {
  return existsSync(`${stateRoot}/${containerId}`);
}

/** Every container id runc knows that carries airlock's prefix. */
export async function runcListAirlock(prefix: string): Promise<string[]> {
  const result = await runCommand([runtimeBinary, "list", "--quiet"]);
  if (result.exitCode !== 0) return [];
  return result.stdout.split("\n").filter((id) => id.startsWith(prefix));
}
