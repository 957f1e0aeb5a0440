import { setTimeout as delay } from "node:timers/promises";
import { AirlockError, isAirlockError } from "../core/airlock-error.js";
import type { GitlabApi } from "./gitlab-api.js";
import type { GitlabJobPayload } from "./gitlab-job-payload.js";
import { JobSlots } from "./job-slots.js";
import { requestJob } from "./request-job.js";
import type { RunnerInfo } from "./runner-info.js";

/** One configured runner, as the poller needs it. */
export interface PollTarget {
  readonly name: string;
  readonly api: GitlabApi;
  /** Read before every request (a getter may return a rotated token). */
  readonly token: string;
  /** Jobs at once for this runner; 0: only `concurrent` bounds it. */
  readonly limit: number;
  /** Job requests in flight at once for this runner (at least 1). */
  readonly requestConcurrency: number;
}

/** What the poller reports (for logs and metrics); it never prints. */
export type PollEvent =
  | { readonly kind: "job"; readonly runner: string; readonly job: GitlabJobPayload }
  | {
      readonly kind: "request-failed";
      readonly runner: string;
      readonly error: AirlockError;
      readonly retryInMs: number;
    }
  /** GitLab refused the token: this runner is no longer polled. */
  | { readonly kind: "forbidden"; readonly runner: string; readonly error: AirlockError }
  /** GitLab handed out a job airlock cannot read; it is failed back (`failInvalidJob`). */
  | {
      readonly kind: "invalid-job";
      readonly runner: string;
      readonly jobId: number;
      readonly error: AirlockError;
    }
  | {
      readonly kind: "job-failed";
      readonly runner: string;
      readonly jobId: number;
      readonly error: unknown;
    };

/** A job whose payload did not validate: enough to fail it back to GitLab. */
export interface InvalidJob {
  readonly jobId: number;
  readonly jobToken: string;
  readonly error: AirlockError;
}

export interface PollOptions {
  readonly runners: readonly PollTarget[];
  /** Jobs at once over all runners. */
  readonly concurrent: number;
  /** The wait after a request that brought no job (`check_interval`). */
  readonly checkIntervalMs: number;
  readonly systemId: string;
  readonly info: RunnerInfo;
  /**
   * Runs one job to its end (final update included). Its slot is held until the promise
   * settles; a rejection is reported as `job-failed`, never thrown out of the poller.
   */
  readonly runJob: (runner: PollTarget, job: GitlabJobPayload) => Promise<void>;
  /**
   * Reports a job GitLab assigned but airlock cannot read as failed (its slot is held until
   * the promise settles, like a job's). Without it the job is only reported as an event.
   */
  readonly failInvalidJob?: (runner: PollTarget, invalid: InvalidJob) => Promise<void>;
  /** The first wait after a failed request; it doubles per failure up to `maxBackoffMs`. */
  readonly initialBackoffMs?: number;
  readonly maxBackoffMs?: number;
  readonly onEvent?: (event: PollEvent) => void;
  /** Injectable for tests; resolves early (never rejects) when `signal` aborts. */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Stops polling (in-flight requests are abandoned); running jobs are not touched. */
  readonly signal: AbortSignal;
}

/**
 * Long-polls `POST /jobs/request` for every runner: `request_concurrency` loops per runner,
 * each taking a job slot first (`limit`, `concurrent`), sending back the last
 * `X-GitLab-Last-Update`, waiting `check_interval` after an empty answer or a 409, and
 * backing off exponentially after errors (never a hot loop). A 403 stops that runner.
 * Resolves once polling has stopped (signal, or every runner refused) and every job it
 * started has settled.
 */
export async function pollJobs(options: PollOptions): Promise<void> {
  const slots = new JobSlots(options.concurrent);
  const lastUpdate = new Map<string, string | undefined>();
  const stopped = new Set<string>();
  const running = new Set<Promise<void>>();
  const emit = options.onEvent ?? (() => undefined);
  const sleep =
    options.sleep ??
    ((ms: number, signal: AbortSignal) => delay(ms, undefined, { signal }).catch(() => undefined));
  const initialBackoff = options.initialBackoffMs ?? 1000;
  const maxBackoff = options.maxBackoffMs ?? 300_000;
  const { signal } = options;
  // A function, not a property read: the signal changes while a request is in flight.
  const aborted = (): boolean => signal.aborted;

  const worker = async (target: PollTarget): Promise<void> => {
    let failures = 0;
    while (!aborted() && !stopped.has(target.name)) {
      if (!slots.tryAcquire(target.name, target.limit)) {
        await slots.changed(signal);
        continue;
      }
      let result;
      // Read per request: the runner's token may be rotated while polling.
      const token = target.token;
      try {
        result = await requestJob(target.api, {
          token,
          systemId: options.systemId,
          lastUpdate: lastUpdate.get(target.name),
          info: options.info,
          signal,
        });
        failures = 0;
      } catch (error: unknown) {
        slots.release(target.name);
        if (aborted()) return;
        const airlockError = isAirlockError(error)
          ? error
          : new AirlockError("AIRLOCK_E_INTERNAL", String(error), { cause: error });
        // Refused with a token rotated meanwhile: ask again with the new one.
        if (airlockError.code === "AIRLOCK_E_GITLAB_FORBIDDEN" && target.token !== token) continue;
        if (airlockError.code === "AIRLOCK_E_GITLAB_FORBIDDEN") {
          stopped.add(target.name);
          emit({ kind: "forbidden", runner: target.name, error: airlockError });
          return;
        }
        failures++;
        const retryInMs = Math.min(maxBackoff, initialBackoff * 2 ** Math.min(failures - 1, 30));
        emit({ kind: "request-failed", runner: target.name, error: airlockError, retryInMs });
        await sleep(retryInMs, signal);
        continue;
      }
      if (result.kind === "job" || result.kind === "invalid") {
        const jobId = result.kind === "job" ? result.job.id : result.jobId;
        let work: Promise<void>;
        if (result.kind === "job") {
          emit({ kind: "job", runner: target.name, job: result.job });
          work = options.runJob(target, result.job);
        } else {
          emit({ kind: "invalid-job", runner: target.name, jobId, error: result.error });
          work = options.failInvalidJob?.(target, result) ?? Promise.resolve();
        }
        const run = work
          .catch((error: unknown) => {
            emit({ kind: "job-failed", runner: target.name, jobId, error });
          })
          .finally(() => {
            slots.release(target.name);
            running.delete(run);
          });
        running.add(run);
        continue;
      }
      slots.release(target.name);
      if (result.kind === "none") lastUpdate.set(target.name, result.lastUpdate);
      await sleep(options.checkIntervalMs, signal);
    }
  };

  await Promise.all(
    options.runners.flatMap((target) =>
      Array.from({ length: Math.max(1, target.requestConcurrency) }, () => worker(target)),
    ),
  );
  while (running.size > 0) await Promise.all([...running]);
}
