import type { RunReporter } from "./run-reporter.js";

/**
 * For pipes, files and `--plain`: every log line as `<job> > <line>` the moment it arrives,
 * then the summary. Lines are already masked by the executor.
 */
export function plainReporter(write: (text: string) => void): RunReporter {
  return {
    jobStarted: (job, attempt) => {
      write(`${job} > ${attempt > 1 ? `Retrying (attempt ${String(attempt)})` : "Starting"}\n`);
    },
    jobLog: (job, line) => write(`${job} > ${line}\n`),
    jobEnded: () => undefined,
    jobSettled: () => undefined,
    finish: (summary) => write(`\n${summary.join("\n")}\n`),
  };
}
