import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Owner } from "../../sandbox/owner.host.js";

/** A job this runner took and has not finished reporting (what a restart needs to fail it). */
export interface InFlightJob {
  readonly runner: string;
  readonly url: string;
  readonly jobId: number;
  /** The job's own token: the only credential that can report it. */
  readonly token: string;
  readonly startedAt: string;
  /** The runner process running it: a record of a live process is not recovered. */
  readonly owner: Owner;
}

/** `<runner work root>/in-flight`: one `<job id>.json` per job, root-only. */
export function inFlightDir(workRoot: string): string {
  return join(workRoot, "in-flight");
}

/**
 * Records a job before anything of it (work dir, sandbox) is made. The directory is 0700
 * and the file 0600: it holds the job token. Resolves once the file is written.
 */
export async function recordInFlight(workRoot: string, job: InFlightJob): Promise<void> {
  const dir = inFlightDir(workRoot);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, `${job.jobId}.json`);
  await writeFile(`${path}.tmp`, JSON.stringify(job), { mode: 0o600 });
  await rename(`${path}.tmp`, path);
}

/** Forgets a job once its final state was reported (or it is over in GitLab). */
export async function forgetInFlight(workRoot: string, jobId: number): Promise<void> {
  await rm(join(inFlightDir(workRoot), `${jobId}.json`), { force: true });
}

/** The recorded jobs; unreadable records are returned by name so they can be removed. */
export async function readInFlight(
  workRoot: string,
): Promise<{ readonly jobs: readonly InFlightJob[]; readonly unreadable: readonly string[] }> {
  const dir = inFlightDir(workRoot);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return { jobs: [], unreadable: [] };
  }
  const jobs: InFlightJob[] = [];
  const unreadable: string[] = [];
  for (const name of names) {
    const job = name.endsWith(".json")
      ? parseInFlight(await readFile(join(dir, name), "utf8").catch(() => ""))
      : undefined;
    if (job === undefined) unreadable.push(join(dir, name));
    else jobs.push(job);
  }
  return { jobs, unreadable };
}

/** Parses one record at the boundary; undefined when any field is missing or mistyped. */
export function parseInFlight(text: string): InFlightJob | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const { runner, url, jobId, token, startedAt, owner } = record;
  if (typeof owner !== "object" || owner === null) return undefined;
  const { pid, startTime } = owner as Record<string, unknown>;
  if (
    typeof runner !== "string" ||
    typeof url !== "string" ||
    typeof jobId !== "number" ||
    !Number.isSafeInteger(jobId) ||
    typeof token !== "string" ||
    typeof startedAt !== "string" ||
    typeof pid !== "number" ||
    typeof startTime !== "string"
  ) {
    return undefined;
  }
  return { runner, url, jobId, token, startedAt, owner: { pid, startTime } };
}
