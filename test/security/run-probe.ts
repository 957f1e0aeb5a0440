import type { SandboxSpec } from "../../src/sandbox/sandbox-spec.js";
import type { ExecResult, SandboxBackend } from "../../src/sandbox/sandbox.js";
import { outputCollector } from "../support/collect-output.js";
import { parseProbeOutput, type ProbeLine } from "./probe-line.js";

export interface ProbeRun {
  readonly sandboxId: string;
  readonly result: ExecResult;
  readonly lines: readonly ProbeLine[];
  readonly noise: readonly string[];
  readonly stderr: string;
  readonly elapsedMs: number;
}

/**
 * Creates one sandbox from `spec`, runs `/probe/probe ...args` in it, destroys it (also when
 * the exec throws) and returns the parsed lines. `during` runs on the host after the exec,
 * while the sandbox still exists.
 */
export async function runProbe(
  backend: SandboxBackend,
  spec: SandboxSpec,
  args: readonly string[],
  options: {
    readonly timeoutMs: number;
    readonly during?: (sandboxId: string) => Promise<void> | void;
  },
): Promise<ProbeRun> {
  await using sandbox = await backend.create(spec);
  const output = outputCollector();
  const started = performance.now();
  const result = await sandbox.exec(["/probe/probe", ...args], {
    onOutput: output.onOutput,
    timeoutMs: options.timeoutMs,
  });
  const elapsedMs = performance.now() - started;
  await options.during?.(sandbox.id);
  const parsed = parseProbeOutput(output.stdout());
  return { sandboxId: sandbox.id, result, ...parsed, stderr: output.stderr(), elapsedMs };
}
