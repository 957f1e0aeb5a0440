import type { InFlightJob } from "./in-flight-jobs.js";

/**
 * How long a runner keeps trying to report a crashed job: a day after it started. GitLab
 * drops a running job it has heard nothing of for an hour (stuck_or_timeout_failure), and
 * its token stops working then: a day leaves room for GitLab being down for a while.
 */
export const inFlightMaxAgeMs = 24 * 60 * 60 * 1000;

/**
 * Why a record that could not be reported is given up at `nowMs`, or undefined while it
 * is still worth another try at the next start. A `startedAt` that is not a date (a record
 * edited by hand) is given up too.
 */
export function inFlightExpiry(job: InFlightJob, nowMs: number): string | undefined {
  const started = Date.parse(job.startedAt);
  if (Number.isNaN(started)) return `its start time "${job.startedAt}" is not a date`;
  const hours = Math.floor((nowMs - started) / 3_600_000);
  return nowMs - started > inFlightMaxAgeMs
    ? `it started ${hours} h ago (more than ${inFlightMaxAgeMs / 3_600_000} h)`
    : undefined;
}
