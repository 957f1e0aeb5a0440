import type { PlannedJob } from "../../pipeline/model/planned-job.js";
import { re2ToRegExp } from "../../pipeline/rules/re2-to-regexp.js";
import { parseSlashPattern } from "../../pipeline/rules/slash-pattern.js";

export interface CoverageTracker {
  /** Feeds one line of a job's log. */
  see(job: string, line: string): void;
  /** The job's coverage figure: the number in the last line its `coverage:` regex matched. */
  of(job: string): string | undefined;
}

/**
 * GitLab's `coverage:` keyword: the job log is searched with the job's regex, the last match
 * wins, and the figure is the number in the matched text (`Coverage: 85.3%` -> 85.3).
 */
export function coverageTracker(jobs: readonly PlannedJob[]): CoverageTracker {
  const patterns = new Map<string, RegExp>();
  for (const job of jobs) {
    const text = job.definition.coverage;
    const slash = text === undefined ? undefined : parseSlashPattern(text);
    const translated = slash === undefined ? undefined : re2ToRegExp(slash.source, slash.flags);
    if (translated?.ok === true) patterns.set(job.plan.name, translated.regexp);
  }
  const found = new Map<string, string>();
  return {
    see: (job, line) => {
      const match = patterns.get(job)?.exec(line)?.[0];
      const figure = match?.match(/\d+(?:\.\d+)?/g)?.at(-1);
      if (figure !== undefined) found.set(job, figure);
    },
    of: (job) => found.get(job),
  };
}
