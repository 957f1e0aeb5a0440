import { AirlockError } from "../core/airlock-error.js";
import { containerBackend } from "../sandbox/container/container-backend.js";
import type { SandboxBackend } from "../sandbox/sandbox.js";
import { silentLogger, type Logger } from "../core/logger.js";

/**
 * The composition root's choice of backend implementation by name. Each DNS query a
 * sandbox makes goes to `onDnsQuery` (a job's log) or, without one, to the verbose log.
 */
export function sandboxBackendFor(
  name: string,
  logger: Logger = silentLogger,
  onDnsQuery?: (sandboxId: string, line: string) => void,
): SandboxBackend {
  if (name === "container") {
    return containerBackend({
      onDnsQuery: onDnsQuery ?? ((id, line) => logger.info(`sandbox ${id}: dns ${line}`)),
    });
  }
  throw new AirlockError("AIRLOCK_E_USAGE", `unknown sandbox backend "${name}"`, {
    fix: "use --backend container (the microVM backend is not built yet)",
  });
}
