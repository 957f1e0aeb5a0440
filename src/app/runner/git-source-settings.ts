import type { JobVariable } from "../../job/job-spec.js";

/** How a job gets its sources, from GIT_STRATEGY and GIT_DEPTH (GitLab Runner's meanings). */
export interface GitSourceSettings {
  /**
   * `checkout`: the commit is checked out (GIT_STRATEGY clone or fetch: every job starts
   * from an empty directory, so both mean the same here); `none` (or `empty`): no sources.
   */
  readonly strategy: "checkout" | "none";
  /** Commits of history to fetch; undefined: all of it. */
  readonly depth: number | undefined;
  /** What the job's log should say about a value that was not understood. */
  readonly warnings: readonly string[];
}

/**
 * GIT_STRATEGY and GIT_DEPTH among the job's variables (the runner's `environment` already
 * over them) decide; GIT_DEPTH overrides the payload's depth, 0 meaning the whole history.
 */
export function gitSourceSettings(
  variables: readonly JobVariable[],
  payloadDepth: number | undefined,
): GitSourceSettings {
  const value = (name: string): string | undefined =>
    variables.findLast((v) => v.name === name)?.value.trim();
  const warnings: string[] = [];
  const strategyText = value("GIT_STRATEGY")?.toLowerCase();
  let strategy: GitSourceSettings["strategy"] = "checkout";
  if (strategyText === "none" || strategyText === "empty") strategy = "none";
  else if (strategyText !== undefined && !["", "clone", "fetch"].includes(strategyText)) {
    warnings.push(
      `WARNING: GIT_STRATEGY "${strategyText}" is not clone, fetch, none or empty: using clone`,
    );
  }
  let depth = payloadDepth;
  const depthText = value("GIT_DEPTH");
  if (depthText !== undefined && depthText !== "") {
    if (/^\d+$/.test(depthText)) depth = Number(depthText);
    else warnings.push(`WARNING: GIT_DEPTH "${depthText}" is not a number: ignored`);
  }
  return { strategy, depth: depth === undefined || depth <= 0 ? undefined : depth, warnings };
}
