import type { JobVariable } from "../../job/job-spec.js";

/** GitLab's default wait_for_services_timeout, in seconds. */
export const defaultServiceWaitSeconds = 30;

/** The job variable that sets how long airlock waits for a job's services. */
export const serviceWaitVariable = "WAIT_FOR_SERVICES_TIMEOUT";

/**
 * How long to wait for a job's services (GitLab's `wait_for_services_timeout`): the job's
 * `WAIT_FOR_SERVICES_TIMEOUT` variable in whole seconds (at most one hour; 0 or -1: do
 * not wait), else 30 s. A value that is not such a number keeps the default and says why in
 * `warning`.
 */
export function serviceWaitTimeout(variables: readonly JobVariable[]): {
  readonly ms: number;
  readonly warning: string | undefined;
} {
  const value = variables.findLast((v) => v.name === serviceWaitVariable)?.value.trim();
  const fallback = defaultServiceWaitSeconds * 1000;
  if (value === undefined || value === "") return { ms: fallback, warning: undefined };
  if (!/^-?\d{1,4}$/.test(value) || Number(value) < -1 || Number(value) > 3600) {
    return {
      ms: fallback,
      warning: `WARNING: ${serviceWaitVariable}=${value} is not a number of seconds from -1 to 3600: waiting for services up to ${defaultServiceWaitSeconds} seconds`,
    };
  }
  return { ms: Math.max(0, Number(value)) * 1000, warning: undefined };
}
