import type { JobVariable } from "../../job/job-spec.js";

/** GitLab Runner's flag variables that airlock does not pass to git. */
const unsupported = [
  "GIT_SUBMODULE_UPDATE_FLAGS",
  "GIT_FETCH_EXTRA_FLAGS",
  "GIT_CLONE_EXTRA_FLAGS",
] as const;

/** How a job gets its sources, from GIT_STRATEGY, GIT_DEPTH and GIT_SUBMODULE_* (GitLab Runner's meanings). */
export interface GitSourceSettings {
  /**
   * `checkout`: the commit is checked out (GIT_STRATEGY clone or fetch: every job starts
   * from an empty directory, so both mean the same here); `none` (or `empty`): no sources.
   */
  readonly strategy: "checkout" | "none";
  /** Commits of history to fetch; undefined: all of it. */
  readonly depth: number | undefined;
  /** GIT_SUBMODULE_STRATEGY; `none` whenever `strategy` is `none`. */
  readonly submodules: "none" | "normal" | "recursive";
  /** GIT_SUBMODULE_PATHS: git pathspecs (`lib`, `:(exclude)big`) limiting the top-level submodules. */
  readonly submodulePaths: readonly string[];
  /** GIT_SUBMODULE_DEPTH, else `depth`; undefined: all history. */
  readonly submoduleDepth: number | undefined;
  /** GIT_SUBMODULE_FORCE_HTTPS: SSH URLs of GitLab's host are fetched over its http(s). */
  readonly submoduleForceHttps: boolean;
  /** What the job's log should say about a value that was not understood. */
  readonly warnings: readonly string[];
}

/**
 * GIT_STRATEGY, GIT_DEPTH and the GIT_SUBMODULE_ variables among the job's variables (the
 * runner's `environment` already over them) decide; GIT_DEPTH overrides the payload's
 * depth, 0 meaning the whole history; GIT_SUBMODULE_DEPTH overrides GIT_DEPTH for submodules.
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
  const depthOf = (name: string, fallback: number | undefined): number | undefined => {
    const text = value(name);
    if (text === undefined || text === "") return fallback;
    if (/^\d+$/.test(text)) return Number(text);
    warnings.push(`WARNING: ${name} "${text}" is not a number: ignored`);
    return fallback;
  };
  const depth = depthOf("GIT_DEPTH", payloadDepth);
  const submoduleDepth = depthOf("GIT_SUBMODULE_DEPTH", depth);
  const submoduleText = value("GIT_SUBMODULE_STRATEGY")?.toLowerCase();
  let submodules: GitSourceSettings["submodules"] = "none";
  if (submoduleText === "normal" || submoduleText === "recursive") submodules = submoduleText;
  else if (submoduleText !== undefined && !["", "none"].includes(submoduleText)) {
    warnings.push(
      `WARNING: GIT_SUBMODULE_STRATEGY "${submoduleText}" is not none, normal or recursive: no submodules are checked out`,
    );
  }
  // GitLab Runner passes these to git; airlock's checkout runs fixed commands: say so.
  for (const name of unsupported) {
    const text = value(name);
    if (text !== undefined && text !== "") {
      warnings.push(`WARNING: ${name} is not supported by airlock's checkout: ignored`);
    }
  }
  if (value("GIT_CHECKOUT")?.toLowerCase() === "false") {
    warnings.push("WARNING: GIT_CHECKOUT false is not supported: the commit is checked out");
  }
  const positive = (n: number | undefined): number | undefined =>
    n === undefined || n <= 0 ? undefined : n;
  return {
    strategy,
    depth: positive(depth),
    submodules: strategy === "none" ? "none" : submodules,
    submodulePaths: (value("GIT_SUBMODULE_PATHS") ?? "").split(/\s+/).filter((p) => p !== ""),
    submoduleDepth: positive(submoduleDepth),
    submoduleForceHttps: ["true", "1", "yes"].includes(
      value("GIT_SUBMODULE_FORCE_HTTPS")?.toLowerCase() ?? "",
    ),
    warnings,
  };
}
