const yellow = "\x1b[33;1m";
const reset = "\x1b[0;m";

/** A byte stream cut at `limitBytes`, then GitLab Runner's notice, once; later bytes dropped. */
export interface OutputLimit {
  push(chunk: Buffer): Buffer;
  readonly exceeded: boolean;
}

/**
 * GitLab Runner's `output_limit` (helpers/trace/buffer.go limitWriter): the bytes up to the
 * limit are kept, then "Job's log exceeded limit of N bytes." is written once and the job
 * keeps running with its further output dropped.
 */
export function limitOutput(limitBytes: number): OutputLimit {
  let written = 0;
  let exceeded = false;
  return {
    get exceeded() {
      return exceeded;
    },
    push(chunk) {
      if (exceeded) return Buffer.alloc(0);
      if (written + chunk.length <= limitBytes) {
        written += chunk.length;
        return chunk;
      }
      exceeded = true;
      const kept = chunk.subarray(0, Math.max(0, limitBytes - written));
      written = limitBytes;
      const notice =
        `\n${yellow}Job's log exceeded limit of ${limitBytes} bytes.\n` +
        `Job execution will continue but no more output will be collected.${reset}\n`;
      return Buffer.concat([kept, Buffer.from(notice)]);
    },
  };
}
