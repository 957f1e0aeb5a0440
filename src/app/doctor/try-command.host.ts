import { runCommand } from "../../core/run-command.host.js";
import type { ProbeOutcome } from "./host-report.js";

/**
 * Runs a program as a probe: exit status `expectExit` (default 0) is ok, anything else is a
 * failure whose reason is the last line the program wrote. After `timeoutMs` the process we
 * started is killed (SIGKILL, by pid) and the outcome is `timeout`.
 */
export async function tryCommand(
  argv: readonly string[],
  options: { readonly timeoutMs: number; readonly expectExit?: number },
): Promise<ProbeOutcome> {
  const started = performance.now();
  const result = await runCommand(argv, { timeoutMs: options.timeoutMs }).catch((error: unknown) =>
    error instanceof Error ? error.message : String(error),
  );
  if (typeof result === "string") return { kind: "failed", reason: result };
  const ms = Math.round(performance.now() - started);
  if (result.exitCode === (options.expectExit ?? 0)) return { kind: "ok", ms };
  if (result.signal === "SIGKILL" && ms >= options.timeoutMs) return { kind: "timeout", ms };
  const lastLine = lastNonEmptyLine(`${result.stdout}\n${result.stderr}`);
  const status =
    result.exitCode === null ? `signal ${result.signal ?? "?"}` : `exit ${result.exitCode}`;
  return { kind: "failed", reason: lastLine === undefined ? status : `${lastLine} (${status})` };
}

function lastNonEmptyLine(text: string): string | undefined {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .at(-1);
}
