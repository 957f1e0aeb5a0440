import { AirlockError } from "../core/airlock-error.js";
import { containerBackend } from "../sandbox/container/container-backend.js";
import type { SandboxBackend } from "../sandbox/sandbox.js";

/** The composition root's choice of backend implementation by name. */
export function sandboxBackendFor(name: string): SandboxBackend {
  if (name === "container") return containerBackend();
  throw new AirlockError("AIRLOCK_E_USAGE", `unknown sandbox backend "${name}"`, {
    fix: "use --backend container (the microVM backend is not built yet)",
  });
}
