import { createMasker } from "./create-masker.js";
import { splitLines } from "./split-lines.js";

export interface LogSink {
  write(chunk: Buffer): void;
  end(): void;
}

/** Output bytes -> masked -> lines to `onLog`. One sink per exec; end() flushes it. */
export function createLogSink(secrets: readonly string[], onLog: (line: string) => void): LogSink {
  const masker = createMasker(secrets);
  const lines = splitLines(onLog);
  return {
    write: (chunk) => lines.push(masker.push(chunk)),
    end(): void {
      lines.push(masker.end());
      lines.end();
    },
  };
}
