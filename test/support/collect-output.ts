/** Collects a sandbox exec's output as text, per stream. */
export function outputCollector(): {
  readonly onOutput: (stream: "stdout" | "stderr", chunk: Buffer) => void;
  readonly stdout: () => string;
  readonly stderr: () => string;
} {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  return {
    onOutput: (stream, chunk) => (stream === "stdout" ? out : err).push(chunk),
    stdout: () => Buffer.concat(out).toString("utf8"),
    stderr: () => Buffer.concat(err).toString("utf8"),
  };
}
