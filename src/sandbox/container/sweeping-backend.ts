import type { SandboxSpec } from "../sandbox-spec.js";
import type { ProbeResult, Sandbox, SandboxBackend } from "../sandbox.js";
import { sweepContainerOrphans } from "./orphan-sweep.host.js";

/**
 * A backend whose first create() runs the start-up orphan sweep (once per backend object,
 * before the first sandbox), so what a killed airlock left is gone before anything new is
 * made. Both backends keep the same records and share this sweep.
 */
export function sweepingBackend(
  name: SandboxBackend["name"],
  probe: () => Promise<ProbeResult>,
  create: (spec: SandboxSpec) => Promise<Sandbox>,
): SandboxBackend {
  let swept: Promise<unknown> | undefined;
  return {
    name,
    probe,
    async create(spec: SandboxSpec): Promise<Sandbox> {
      swept ??= sweepContainerOrphans();
      await swept;
      return create(spec);
    },
  };
}
