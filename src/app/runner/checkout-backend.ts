import type { Logger } from "../../core/logger.js";
import type { SandboxBackend } from "../../sandbox/sandbox.js";
import { sandboxBackendFor } from "../sandbox-backend-for.js";

let containerHelper: SandboxBackend | undefined;

/**
 * The backend of the sandbox that checks sources out: the runner's own when it is the
 * container backend, else one container backend per process, since the microVM backend
 * refuses host mounts. Pass the runner's backend itself, not the job's metered wrapper:
 * the helper is no job sandbox (a cancel reaches it through the exec's signal).
 */
export function checkoutBackend(jobBackend: SandboxBackend, logger: Logger): SandboxBackend {
  if (jobBackend.name === "container") return jobBackend;
  containerHelper ??= sandboxBackendFor("container", logger);
  return containerHelper;
}
