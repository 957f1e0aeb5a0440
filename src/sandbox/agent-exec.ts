import type { AgentChannel } from "./container/agent-channel.js";
import { execEnvironment } from "./container/exec-environment.js";
import type { SandboxSpec } from "./sandbox-spec.js";
import type { ExecOptions } from "./sandbox.js";

export interface AgentExecEnd {
  readonly exitCode: number;
  /** Set when the command was stopped by its timeout or its abort signal (the first wins). */
  readonly stopped: "timeout" | "aborted" | undefined;
}

/**
 * Runs one command through a sandbox's agent with the sandbox's environment, and enforces
 * its timeout and abort signal by calling `killCommands` (how a backend kills every process
 * of the sandbox but its agent). Shared by every backend whose commands go through
 * sandbox-init; each maps the end to an ExecResult (a container can tell an OOM kill apart).
 * With `root`, the agent runs the command chrooted there (a microVM service's root).
 */
export async function execThroughAgent(
  agent: AgentChannel,
  spec: SandboxSpec,
  argv: readonly string[],
  options: ExecOptions,
  killCommands: () => void,
  root?: string,
): Promise<AgentExecEnd> {
  let stopped: "timeout" | "aborted" | undefined;
  const stop = (why: "timeout" | "aborted"): void => {
    stopped ??= why;
    killCommands();
  };
  const timer =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => stop("timeout"), options.timeoutMs);
  const onAbort = (): void => stop("aborted");
  options.signal?.addEventListener("abort", onAbort, { once: true });
  if (options.signal?.aborted === true) onAbort();
  try {
    const exitCode = await agent.exec(
      {
        argv,
        env: execEnvironment(spec, options.env ?? {}),
        cwd: options.cwd ?? "/",
        ...(options.user === undefined ? {} : { user: options.user }),
        ...(root === undefined ? {} : { root }),
      },
      {
        ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
        ...(options.onOutput === undefined ? {} : { onOutput: options.onOutput }),
      },
    );
    return { exitCode, stopped };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
  }
}
