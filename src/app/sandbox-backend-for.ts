import { AirlockError } from "../core/airlock-error.js";
import { containerBackend } from "../sandbox/container/container-backend.js";
import { microvmBackend } from "../sandbox/microvm/microvm-backend.js";
import type { SandboxBackend } from "../sandbox/sandbox.js";
import { silentLogger, type Logger } from "../core/logger.js";

export interface BackendChoice {
  /** microVM only: run under TCG where KVM cannot boot a guest (`--allow-tcg`). */
  readonly allowTcg?: boolean;
}

/**
 * The composition root's choice of backend implementation by name. Each DNS query a
 * sandbox makes goes to `onDnsQuery` (a job's log) or, without one, to the verbose log.
 * Warnings for the user (a microVM under TCG is slow) go to the logger's warn.
 */
export function sandboxBackendFor(
  name: string,
  logger: Logger = silentLogger,
  onDnsQuery?: (sandboxId: string, line: string) => void,
  choice: BackendChoice = {},
): SandboxBackend {
  if (name === "container") {
    return containerBackend({
      onDnsQuery: onDnsQuery ?? ((id, line) => logger.info(`sandbox ${id}: dns ${line}`)),
    });
  }
  if (name === "microvm") {
    let warned = false;
    return microvmBackend({
      allowTcg: choice.allowTcg === true,
      onDnsQuery: onDnsQuery ?? ((id, line) => logger.info(`sandbox ${id}: dns ${line}`)),
      // Once per process: every sandbox of a run is under the same accelerator.
      onWarning: (message) => {
        if (!warned) logger.warn(message);
        warned = true;
      },
    });
  }
  throw new AirlockError("AIRLOCK_E_USAGE", `unknown sandbox backend "${name}"`, {
    fix: "use --backend container or --backend microvm",
  });
}
