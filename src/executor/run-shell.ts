import type { ExecResult, Sandbox } from "../sandbox/sandbox.js";
import type { LogSink } from "./create-log-sink.js";

export interface ShellRun {
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
  /** The image user the shell runs as; undefined: the sandbox's root. */
  readonly user: { readonly uid: number; readonly gid: number } | undefined;
}

/**
 * Runs `script` on the stdin of `shell` (the shell's argv: the image's entrypoint, if any,
 * then the shell); all output goes to `sink`, which is ended after.
 */
export async function runShell(
  sandbox: Sandbox,
  shell: readonly string[],
  script: string,
  run: ShellRun,
  sink: LogSink,
): Promise<ExecResult> {
  try {
    return await sandbox.exec(shell, {
      stdin: script,
      env: run.env,
      cwd: run.cwd,
      timeoutMs: run.timeoutMs,
      ...(run.signal === undefined ? {} : { signal: run.signal }),
      ...(run.user === undefined ? {} : { user: run.user }),
      onOutput: (_stream, chunk) => sink.write(chunk),
    });
  } finally {
    sink.end();
  }
}
