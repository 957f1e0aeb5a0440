import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { statePath } from "../../core/state-dir.js";
import { slugify } from "../../pipeline/predefined/slugify.js";

export interface RunDirectory {
  readonly pipelineId: number;
  readonly dir: string;
  readonly sourceDir: string;
  readonly artifactsDirOf: (job: string) => string;
  readonly cacheDirOf: (key: string) => string;
}

/** How many finished runs (with their artifacts) each project keeps; older ones are removed. */
export const keptRuns = 20;

/**
 * A new run's directory, `<state>/runs/<project slug>/<pipeline id>`, with the next free
 * pipeline id of the project (claimed by mkdir, so concurrent runs never share one).
 * Caches live per project beside the runs: `<state>/cache/<project slug>/<key>`.
 * Finished runs beyond the newest `keptRuns` of the project are removed first (a run is
 * finished once its `source` snapshot is gone, which the run removes when it ends), so
 * artifacts do not pile up forever; a run still in progress is never touched.
 */
export function claimRunDirectory(projectPath: string): RunDirectory {
  const project = slugify(projectPath) || "project";
  const runs = statePath("runs", project);
  mkdirSync(runs, { recursive: true });
  pruneFinishedRuns(runs, keptRuns - 1);
  const used = readdirSync(runs).map(Number).filter(Number.isInteger);
  for (let id = Math.max(0, ...used) + 1; ; id++) {
    const dir = join(runs, String(id));
    try {
      mkdirSync(dir);
    } catch (error: unknown) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") continue;
      throw error;
    }
    return {
      pipelineId: id,
      dir,
      sourceDir: join(dir, "source"),
      artifactsDirOf: (job) => join(dir, "artifacts", jobDirName(job)),
      cacheDirOf: (key) => statePath("cache", project, key),
    };
  }
}

/** A job's directory name: its slug plus a short hash, so `a b` and `a-b` never share one. */
function jobDirName(job: string): string {
  let hash = 0;
  for (const char of job) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return `${slugify(job) || "job"}-${hash.toString(16)}`;
}

/** Removes finished runs in `runs` beyond the newest `keep` (by pipeline id). */
export function pruneFinishedRuns(runs: string, keep: number): string[] {
  const finished = readdirSync(runs)
    .filter((name) => /^\d+$/.test(name) && !existsSync(join(runs, name, "source")))
    .map(Number)
    .sort((a, b) => b - a);
  const removed = finished.slice(Math.max(0, keep)).map((id) => join(runs, String(id)));
  for (const dir of removed) rmSync(dir, { recursive: true, force: true });
  return removed;
}
