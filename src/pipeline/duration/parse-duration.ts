import { analyzeDuration } from "./analyze-duration.js";

/**
 * Milliseconds for a GitLab duration text (`1h 30m`, `3 hours 30 minutes`, `2h20min`,
 * `1 day`, `60` = 60 seconds, `1:30` = 90 seconds), or undefined when GitLab would reject
 * it. `never` is not a duration here; `parseDurationNode` accepts it where GitLab does.
 */
export function parseDuration(text: string): number | undefined {
  const analysis = analyzeDuration(text);
  return analysis.kind === "duration" ? analysis.ms : undefined;
}
