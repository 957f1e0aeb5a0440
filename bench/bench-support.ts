// Small helpers shared by the benchmarks: summary statistics, running a host program, and
// a cleanup registry that also runs on Ctrl-C. Benchmarks print JSON; they never assert on time.
import { spawn } from "node:child_process";

export interface Summary {
  readonly n: number;
  readonly medianMs: number;
  readonly p90Ms: number;
  readonly minMs: number;
  readonly maxMs: number;
}

/** Median (mean of the middle two for even n), nearest-rank p90, min and max; 3 decimals. */
export function summarize(samplesMs: readonly number[]): Summary {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) throw new Error("summarize: no samples");
  const at = (i: number): number => sorted[Math.min(n - 1, Math.max(0, i))] ?? Number.NaN;
  const median = n % 2 === 1 ? at((n - 1) / 2) : (at(n / 2 - 1) + at(n / 2)) / 2;
  return {
    n,
    medianMs: round(median),
    p90Ms: round(at(Math.ceil(0.9 * n) - 1)),
    minMs: round(at(0)),
    maxMs: round(at(n - 1)),
  };
}

export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export interface ProcessResult {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a host program to completion (stdin closed, output captured, at most 64 KiB each).
 * A program still running after `timeoutMs` is killed with SIGKILL. Rejects only when the
 * program cannot be started.
 */
export function runProcess(
  argv: readonly string[],
  options: { readonly timeoutMs?: number; readonly cwd?: string } = {},
): Promise<ProcessResult> {
  const [file, ...args] = argv;
  if (file === undefined) return Promise.reject(new Error("runProcess: empty argv"));
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      stdio: ["ignore", "pipe", "pipe"],
      cwd: options.cwd,
      timeout: options.timeoutMs ?? 60_000,
      killSignal: "SIGKILL",
    });
    const out = capture(child.stdout);
    const err = capture(child.stderr);
    child.on("error", reject);
    child.on("close", (exitCode, signal) => {
      resolve({ exitCode, signal, stdout: out(), stderr: err() });
    });
  });
}

function capture(stream: NodeJS.ReadableStream): () => string {
  const chunks: Buffer[] = [];
  let size = 0;
  stream.on("data", (chunk: Buffer) => {
    if (size < 65_536) chunks.push(chunk);
    size += chunk.length;
  });
  return () => Buffer.concat(chunks).toString("utf8").slice(0, 65_536);
}

/** Like runProcess, but anything other than exit 0 throws with the command and its stderr. */
export async function runChecked(
  argv: readonly string[],
  options: { readonly timeoutMs?: number; readonly cwd?: string } = {},
): Promise<ProcessResult> {
  const result = await runProcess(argv, options);
  if (result.exitCode !== 0) {
    const how =
      result.exitCode === null ? `signal ${result.signal ?? "?"}` : `exit ${result.exitCode}`;
    throw new Error(`\`${argv.join(" ")}\` failed (${how}): ${lastLines(result.stderr)}`);
  }
  return result;
}

export function lastLines(text: string, count = 3): string {
  return text.trim().split("\n").slice(-count).join(" | ");
}

/** The message, with the fix an AirlockError carries. */
export function errorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const fix = (error as { fix?: unknown }).fix;
  return typeof fix === "string" ? `${error.message} (fix: ${fix})` : error.message;
}

/**
 * Cleanup actions, run newest first. `runAll()` is idempotent and never throws: each
 * failure is reported on stderr. The first SIGINT/SIGTERM only sets `stopRequested` (the
 * benchmark finishes the lifecycle in flight, then cleans up); a second one cleans up at
 * once and exits.
 */
export class Cleanup {
  readonly #actions: { readonly what: string; readonly run: () => Promise<void> }[] = [];
  #stopRequested = false;
  #running: Promise<void> | undefined;

  stopRequested(): boolean {
    return this.#stopRequested;
  }

  /** Registers an action; the returned function unregisters it (after it was done inline). */
  add(what: string, run: () => Promise<void>): () => void {
    const entry = { what, run };
    this.#actions.push(entry);
    return () => {
      const i = this.#actions.indexOf(entry);
      if (i >= 0) this.#actions.splice(i, 1);
    };
  }

  runAll(): Promise<void> {
    this.#running ??= (async () => {
      while (this.#actions.length > 0) {
        const action = this.#actions.pop();
        if (action === undefined) break;
        try {
          await action.run();
        } catch (error: unknown) {
          process.stderr.write(`bench: cleanup of ${action.what} failed: ${errorMessage(error)}\n`);
        }
      }
    })();
    return this.#running;
  }

  installSignalHandlers(): void {
    const onSignal = (signal: NodeJS.Signals): void => {
      if (!this.#stopRequested) {
        this.#stopRequested = true;
        process.stderr.write(
          `bench: ${signal}: finishing the lifecycle in flight, then cleaning up\n`,
        );
        return;
      }
      process.stderr.write(`bench: ${signal} again: cleaning up now\n`);
      void this.runAll().finally(() => process.exit(130));
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  }
}
