import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Readable } from "node:stream";

/** Where the `zstd` program is looked for (a fixed PATH: never the caller's). */
const zstdDirs = ["/usr/bin", "/bin", "/usr/local/bin"];

/** The most of zstd's stderr kept for an error message. */
const maxStderr = 4096;

/** Debian's `zstd` program on the fixed PATH; undefined when it is not installed. */
export function zstdBinary(): string | undefined {
  return zstdDirs.map((dir) => join(dir, "zstd")).find((path) => existsSync(path));
}

/** A running `zstd -d`: its decompressed output, and how it ended. */
export interface ZstdStream {
  /** The decompressed bytes. */
  readonly output: Readable;
  /**
   * Resolves when the process has ended: undefined when it decompressed everything, else why
   * not (its exit status and stderr, or that stop() killed it).
   */
  readonly ended: Promise<string | undefined>;
  /** Kills the process (by pid) if it still runs; idempotent. */
  stop(): void;
}

/**
 * Decompresses `input` (a zstd stream: an OCI `tar+zstd` layer) with `binary` (zstdBinary();
 * Node 20's zlib has no zstd) as a stream: `zstd -d -c -q` reads it on stdin and writes the
 * tar to stdout, in its default memory bound (a 128 MiB window). The process gets an empty
 * environment. Precondition: the caller consumes `output` or calls stop(), then awaits `ended`.
 */
export function zstdStream(input: Readable, binary: string): ZstdStream {
  const child = spawn(binary, ["-d", "-c", "-q", "--no-progress"], {
    stdio: ["pipe", "pipe", "pipe"],
    env: {},
  });
  let stderr = "";
  let stopped = false;
  child.stderr.on("data", (chunk: Buffer) => {
    if (stderr.length < maxStderr) stderr += chunk.toString("utf8").slice(0, maxStderr);
  });
  // zstd may exit (bad data) before it read everything: its stdin then fails with EPIPE.
  child.stdin.on("error", () => {});
  input.on("error", (error: Error) => child.stdin.destroy(error));
  input.pipe(child.stdin);
  const ended = new Promise<string | undefined>((resolve) => {
    child.once("error", (error) => resolve(`zstd could not run: ${error.message}`));
    child.once("close", (code, signal) => {
      if (code === 0) resolve(undefined);
      else if (stopped) resolve("zstd was stopped");
      else
        resolve(
          `zstd ended with ${code === null ? `signal ${signal ?? "?"}` : `exit code ${code}`}: ${stderr.trim()}`,
        );
    });
  });
  return {
    output: child.stdout,
    ended,
    stop: () => {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
      stopped = true;
      input.unpipe(child.stdin);
      process.kill(child.pid, "SIGKILL");
    },
  };
}
