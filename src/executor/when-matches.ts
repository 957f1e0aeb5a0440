import type { JobStatus } from "../job/job-outcome.js";

/**
 * Whether an `artifacts:when`/`cache:when` value applies to a job that ended with `status`.
 * A canceled job uploads nothing.
 */
export function whenMatches(
  when: "on_success" | "on_failure" | "always",
  status: JobStatus,
): boolean {
  if (status === "canceled") return false;
  return when === "always" || (when === "on_success") === (status === "success");
}
