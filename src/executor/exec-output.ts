import type { ExecOptions, ExecResult, Sandbox } from "../sandbox/sandbox.js";

/** Runs `argv` and keeps its stdout (at most `maxBytes`; the rest is dropped). */
export async function execOutput(
  sandbox: Sandbox,
  argv: readonly string[],
  maxBytes: number,
  options: Omit<ExecOptions, "onOutput"> = {},
): Promise<{ readonly result: ExecResult; readonly stdout: Buffer }> {
  const chunks: Buffer[] = [];
  let size = 0;
  const result = await sandbox.exec(argv, {
    ...options,
    onOutput: (stream, chunk) => {
      if (stream !== "stdout" || size >= maxBytes) return;
      const kept = chunk.subarray(0, maxBytes - size);
      chunks.push(Buffer.from(kept));
      size += kept.length;
    },
  });
  return { result, stdout: Buffer.concat(chunks) };
}
