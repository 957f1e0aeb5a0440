import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Duplex } from "node:stream";
import { runCommand, runChecked } from "../../core/run-command.host.js";

/**
 * A thin driver for the `runc` binary (default state root /run/runc). Container ids are
 * `airlock-<sandbox id>`, which is the label the orphan sweep looks for.
 */
export const runtimeBinary = "runc";
const stateRoot = "/run/runc";

/**
 * Starts the container's init (sandbox-init) detached, handing it one end of a socket pair
 * as fd 3 (`--preserve-fds 1`): the control socket commands run through. stdio is /dev/null,
 * since init inherits runc's stdio and pipes would never close; runc's errors go to a log.
 * Returns the socket and init's host pid.
 */
export async function runcRunDetached(
  containerId: string,
  bundle: string,
): Promise<{ readonly control: Duplex; readonly initPid: number }> {
  const log = join(bundle, "runc.log");
  const pidFile = join(bundle, "init.pid");
  const child = spawn(
    runtimeBinary,
    [
      "--log",
      log,
      "run",
      "--detach",
      "--preserve-fds",
      "1",
      "--pid-file",
      pidFile,
      "--bundle",
      bundle,
      containerId,
    ],
    { stdio: ["ignore", "ignore", "ignore", "pipe"] },
  );
  const control = child.stdio[3] as Duplex;
  const [code] = (await once(child, "exit")) as [number | null];
  if (code !== 0) {
    control.destroy();
    const text = await readFile(log, "utf8").catch(() => "");
    const messages = [...text.matchAll(/msg="((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]);
    throw new Error(`runc run failed (exit ${code ?? "?"}): ${messages.join("; ") || text.trim()}`);
  }
  const initPid = Number((await readFile(pidFile, "utf8")).trim());
  return { control, initPid };
}

/**
 * Removes runc's state, killing what still runs. Idempotent: a missing container is fine.
 * Callers kill the container's processes first: on a stopped container this returns at
 * once, on a running one runc waits 100 ms after its own kill.
 */
export async function runcRemove(containerId: string): Promise<void> {
  if (!runcKnows(containerId)) return;
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
