import { StringDecoder } from "node:string_decoder";

/** Bytes in, whole lines out (split on `\n`, UTF-8 kept intact across chunks). */
export interface LineSplitter {
  push(chunk: Buffer): void;
  /** Emits a trailing partial line, if any; the splitter is finished. */
  end(): void;
}

export function splitLines(onLine: (line: string) => void): LineSplitter {
  const decoder = new StringDecoder("utf8");
  let partial = "";
  const emit = (text: string): void => {
    const lines = (partial + text).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) onLine(line);
  };
  return {
    push: (chunk) => emit(decoder.write(chunk)),
    end(): void {
      emit(decoder.end());
      if (partial !== "") onLine(partial);
      partial = "";
    },
  };
}
