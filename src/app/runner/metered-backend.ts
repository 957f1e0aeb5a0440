import type { Sandbox, SandboxBackend } from "../../sandbox/sandbox.js";
import type { RunnerMetrics } from "./runner-metrics.js";

/**
 * `backend` with each create() timed into the runner's metrics and its sandbox handed to
 * `onCreated` before create() returns it (so a job canceled meanwhile can destroy it).
 */
export function meteredBackend(
  backend: SandboxBackend,
  metrics: RunnerMetrics,
  onCreated: (sandbox: Sandbox) => void,
): SandboxBackend {
  return {
    name: backend.name,
    probe: () => backend.probe(),
    create: async (spec) => {
      const creating = Date.now();
      const made = await backend.create(spec);
      metrics.sandboxCreated(backend.name, (Date.now() - creating) / 1000);
      onCreated(made);
      return made;
    },
  };
}
