import { spawn } from "node:child_process";
import { AirlockError } from "./airlock-error.js";

export interface CommandResult {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly input?: string | Buffer;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly timeoutMs?: number;
}

/**
 * Runs a host program to completion and captures its output. Never throws for a non-zero
 * exit (callers decide what failure means); throws AIRLOCK_E_HOST_MISSING when the program
 * does not exist.
 */
export function runCommand(
  argv: readonly string[],
  options: RunOptions = {},
): Promise<CommandResult> {
  const [file, ...args] = argv;
  if (file === undefined) throw new AirlockError("AIRLOCK_E_INTERNAL", "runCommand: empty argv");
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      stdio: ["pipe", "pipe", "pipe"],
      env: options.env ?? process.env,
      cwd: options.cwd,
      timeout: options.timeoutMs,
      killSignal: "SIGKILL",
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    child.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "ENOENT") {
        reject(
          new AirlockError("AIRLOCK_E_HOST_MISSING", `${file} is not installed`, {
            fix: "run `airlock doctor --fix`",
            cause: e,
          }),
        );
      } else reject(e);
    });
    child.on("close", (exitCode, signal) =>
      resolve({
        exitCode,
        signal,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      }),
    );
    child.stdin.on("error", () => {
      /* the program may exit before reading its input */
    });
    child.stdin.end(options.input);
  });
}

/** Like runCommand, but a non-zero exit becomes an AirlockError carrying stderr. */
export async function runChecked(
  argv: readonly string[],
  options: RunOptions = {},
): Promise<CommandResult> {
  const result = await runCommand(argv, options);
  if (result.exitCode !== 0) {
    throw new AirlockError(
      "AIRLOCK_E_INTERNAL",
      `\`${argv.join(" ")}\` failed (exit ${result.exitCode ?? result.signal ?? "?"}): ${result.stderr.trim()}`,
    );
  }
  return result;
}
