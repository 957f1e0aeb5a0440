import { formatDuration } from "./job-summary.js";
import type { RunReporter } from "./run-reporter.js";

const spinner = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏";

/**
 * For a terminal: job logs scroll as `<job> > <line>` (job name coloured) above a live
 * footer listing the running jobs with their elapsed time, redrawn several times a second.
 */
export function ttyReporter(write: (text: string) => void, now: () => number): RunReporter {
  const running = new Map<string, number>();
  let footerLines = 0;
  let frame = 0;
  const clearFooter = (): string => (footerLines === 0 ? "" : `\x1b[${String(footerLines)}F\x1b[J`);
  const footer = (): string => {
    const lines = [...running].map(
      ([job, since]) =>
        `\x1b[36m${spinner[frame % spinner.length] ?? "*"}\x1b[0m ${job}  ${formatDuration(now() - since)}`,
    );
    footerLines = lines.length;
    return lines.map((l) => `${l}\n`).join("");
  };
  const redraw = (above = ""): void => {
    const cleared = clearFooter();
    write(`${cleared}${above}${footer()}`);
  };
  const timer = setInterval(() => {
    frame++;
    redraw();
  }, 150);
  timer.unref();
  return {
    jobStarted: (job) => {
      running.set(job, now());
      redraw();
    },
    jobLog: (job, line) => redraw(`\x1b[1;34m${job}\x1b[0m > ${line}\n`),
    jobEnded: (job) => {
      running.delete(job);
      redraw();
    },
    jobSettled: () => undefined,
    finish: (summary) => {
      clearInterval(timer);
      running.clear();
      const coloured = summary.map((line) =>
        line
          .replace(/^ PASS /, " \x1b[32mPASS\x1b[0m ")
          .replace(/^ FAIL /, " \x1b[31mFAIL\x1b[0m ")
          .replace(/^ WARN /, " \x1b[33mWARN\x1b[0m "),
      );
      redraw(`\n${coloured.join("\n")}\n`);
    },
  };
}
