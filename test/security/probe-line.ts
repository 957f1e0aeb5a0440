/**
 * One line of the probe's output (test/security/probe/probe.c): what one step of one probe
 * did. `errno` is null when the step succeeded (`ret >= 0`); otherwise an errno name
 * ("EPERM"), "SIG<n>" when the probe process was killed, or a probe-specific marker.
 */
export interface ProbeLine {
  readonly id: string;
  readonly step: string;
  readonly ret: number;
  readonly errno: string | null;
  readonly detail?: string;
}

export interface ParsedProbeOutput {
  readonly lines: readonly ProbeLine[];
  /** Output lines that were not probe lines (kept for the failure message). */
  readonly noise: readonly string[];
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function isProbeLine(value: unknown): value is ProbeLine {
  if (!isRecord(value)) return false;
  const { id, step, ret, errno, detail } = value;
  return (
    typeof id === "string" &&
    typeof step === "string" &&
    typeof ret === "number" &&
    Number.isInteger(ret) &&
    (errno === null || typeof errno === "string") &&
    (detail === undefined || typeof detail === "string")
  );
}

export function parseProbeOutput(text: string): ParsedProbeOutput {
  const lines: ProbeLine[] = [];
  const noise: string[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      noise.push(line);
      continue;
    }
    if (isProbeLine(value)) lines.push(value);
    else noise.push(line);
  }
  return { lines, noise };
}

/** The line of one step, or the probe's `*` line when its process was killed before it. */
export function findStep(
  lines: readonly ProbeLine[],
  id: string,
  step: string,
): ProbeLine | undefined {
  return (
    lines.find((l) => l.id === id && l.step === step) ??
    lines.find((l) => l.id === id && l.step === "*")
  );
}

export function formatLine(line: ProbeLine | undefined): string {
  if (line === undefined) return "(no line)";
  const result = line.errno === null ? `ret ${line.ret}` : line.errno;
  return line.detail === undefined || line.detail === "" ? result : `${result} (${line.detail})`;
}
