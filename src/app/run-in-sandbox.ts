import type { SandboxSpec } from "../sandbox/sandbox-spec.js";
import type { ExecResult } from "../sandbox/sandbox.js";
import { sandboxBackendFor } from "./sandbox-backend-for.js";
import type { Logger } from "../core/logger.js";

export interface RunInSandboxRequest {
  readonly spec: SandboxSpec;
  readonly argv: readonly string[];
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly onOutput: (stream: "stdout" | "stderr", chunk: Buffer) => void;
  readonly logger?: Logger;
  /** microVM only: allow TCG where KVM cannot boot a guest. */
  readonly allowTcg?: boolean;
}

/**
 * One command in one fresh sandbox: create, exec, destroy. The sandbox is destroyed on
 * every path (success, failure, timeout, abort), and destroy() proves its cleanup.
 */
export async function runInSandbox(
  request: RunInSandboxRequest,
): Promise<ExecResult & { sandboxId: string }> {
  const backend = sandboxBackendFor(request.spec.backend, request.logger, undefined, {
    allowTcg: request.allowTcg === true,
  });
  await using sandbox = await backend.create(request.spec);
  const result = await sandbox.exec(request.argv, {
    onOutput: request.onOutput,
    ...(request.timeoutMs === undefined ? {} : { timeoutMs: request.timeoutMs }),
    ...(request.signal === undefined ? {} : { signal: request.signal }),
  });
  return { ...result, sandboxId: sandbox.id };
}
