/**
 * The failure reason to report: `reason` when GitLab lists it in the payload's
 * `features.failure_reasons` (or lists none), else `unknown_failure`, which every GitLab
 * accepts (an unknown reason would be refused with 400).
 */
export function supportedFailureReason(
  reason: string | undefined,
  supported: readonly string[],
): string | undefined {
  if (reason === undefined) return undefined;
  if (supported.length === 0 || supported.includes(reason)) return reason;
  return "unknown_failure";
}
