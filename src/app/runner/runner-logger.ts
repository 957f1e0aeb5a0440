import type { Logger } from "../../core/logger.js";
import type { LogLevel } from "../../config/runner-config.js";

export type LogFormat = "text" | "json";

const rank: Readonly<Record<LogLevel, number>> = {
  debug: 0,
  info: 1,
  warn: 2,
  error: 3,
  fatal: 4,
  panic: 5,
};

/**
 * The runner's logger on `write` (stderr): lines at or above `level` (`log_level`), as
 * `airlock: [warning: ]message` text or, for `json`, one object a line:
 * `{"time":"<ISO 8601>","level":"info","msg":"..."}` (gitlab-runner's field names).
 * Levels above warn (error, fatal, panic) leave only what airlock reports as errors, which
 * the runner exits with (never through this logger).
 */
export function runnerLogger(
  format: LogFormat,
  level: LogLevel,
  write: (line: string) => void = (line) => process.stderr.write(line),
): Logger {
  const at =
    (messageLevel: "debug" | "info" | "warn") =>
    (message: string): void => {
      if (rank[messageLevel] < rank[level]) return;
      if (format === "json") {
        write(
          `${JSON.stringify({ time: new Date().toISOString(), level: messageLevel, msg: message })}\n`,
        );
      } else {
        write(`airlock: ${messageLevel === "warn" ? "warning: " : ""}${message}\n`);
      }
    };
  return { debug: at("debug"), info: at("info"), warn: at("warn") };
}
