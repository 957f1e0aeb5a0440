import { rm } from "node:fs/promises";
import type { Logger } from "../../core/logger.js";
import { appendToTrace } from "../../gitlab/append-to-trace.js";
import { gitlabApi } from "../../gitlab/gitlab-api.js";
import { reportFinalState } from "../../gitlab/report-final-state.js";
import { isOwnerAlive } from "../../sandbox/owner.host.js";
import { sweepOrphans } from "../sweep-orphans.js";
import { inFlightExpiry } from "./in-flight-expiry.js";
import { forgetInFlight, readInFlight } from "./in-flight-jobs.js";
import { gitCacheMaxIdleDays, sweepGitCache } from "./sweep-git-cache.js";
import { sweepJobDirs } from "./sweep-job-dirs.js";

/**
 * Run once when the runner starts, before it takes jobs: every job a runner process that
 * is gone recorded as in flight (it crashed or was killed before the final update) is
 * reported to GitLab as failed with `runner_system_failure`, using the job token from its
 * record (its log first gets a line saying so, where GitLab takes it), and the record is removed (also when GitLab says the job is over already). Then
 * the work dirs of jobs no live runner runs (sweepJobDirs), the git cache's idle mirrors
 * (sweepGitCache) and the sandboxes whose owning process is gone (any airlock's, not only this runner's) are swept. A job GitLab cannot be told about
 * now (unreachable) keeps its record for the next start, until a day after the job started
 * (inFlightExpiry): then a warning says it is given up and the record is removed. Returns
 * the job ids reported.
 */
export async function recoverInFlightJobs(
  workRoot: string,
  logger: Logger,
  retryMs: number,
): Promise<readonly number[]> {
  const { jobs, unreadable } = await readInFlight(workRoot);
  for (const path of unreadable) {
    logger.warn(`removing an unreadable in-flight job record: ${path}`);
    await rm(path, { force: true });
  }
  const reported: number[] = [];
  for (const job of jobs) {
    // Another runner sharing this state dir is still running it.
    if (isOwnerAlive(job.owner)) continue;
    logger.warn(
      `${job.runner}: job ${job.jobId} was running when the runner stopped unexpectedly; reporting it failed (runner_system_failure)`,
    );
    const api = gitlabApi(job.url);
    const credentials = { jobId: job.jobId, jobToken: job.token };
    try {
      await appendToTrace(
        api,
        credentials,
        "\nERROR: Job failed (system failure): the runner stopped while running this job (runner_system_failure)\n",
      ).catch(() => false);
      await reportFinalState(
        api,
        {
          ...credentials,
          state: "failed",
          failureReason: "runner_system_failure",
        },
        {
          retryMs,
          errorAttempts: 3,
          sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        },
      );
      await forgetInFlight(workRoot, job.jobId);
      reported.push(job.jobId);
    } catch (error: unknown) {
      logger.warn(`${job.runner}: job ${job.jobId}: could not report it: ${String(error)}`);
      const expired = inFlightExpiry(job, Date.now());
      if (expired !== undefined) {
        logger.warn(
          `${job.runner}: job ${job.jobId}: giving up reporting it and removing its in-flight record: ${expired}; GitLab fails it on its own`,
        );
        await forgetInFlight(workRoot, job.jobId);
      }
    }
  }
  const live = new Set(jobs.filter((job) => isOwnerAlive(job.owner)).map((job) => job.jobId));
  const dirs = await sweepJobDirs(workRoot, live);
  if (dirs.length > 0) {
    logger.warn(`removed ${dirs.length} work dir(s) of jobs a stopped runner left behind`);
  }
  const mirrors = await sweepGitCache(workRoot, Date.now());
  if (mirrors.length > 0) {
    logger.info(
      `removed ${mirrors.length} git cache mirror(s) no job used for ${gitCacheMaxIdleDays} days`,
    );
  }
  try {
    const sweep = await sweepOrphans();
    if (sweep.sandboxes.length > 0) {
      logger.warn(`swept ${sweep.sandboxes.length} sandbox(es) of airlock processes that are gone`);
    }
    for (const left of sweep.leftovers) logger.warn(`sweeping orphaned sandboxes: ${left} is left`);
  } catch (error: unknown) {
    logger.warn(`sweeping orphaned sandboxes failed: ${String(error)}`);
  }
  return reported;
}
