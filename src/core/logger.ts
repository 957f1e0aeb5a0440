/** A minimal leveled logger writing to stderr; commands stay quiet unless `--verbose`. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
}

export function stderrLogger(verbose: boolean): Logger {
  return {
    debug: (m) => {
      if (verbose) process.stderr.write(`airlock: ${m}\n`);
    },
    info: (m) => {
      if (verbose) process.stderr.write(`airlock: ${m}\n`);
    },
    warn: (m) => process.stderr.write(`airlock: warning: ${m}\n`),
  };
}

export const silentLogger: Logger = { debug: () => {}, info: () => {}, warn: () => {} };
