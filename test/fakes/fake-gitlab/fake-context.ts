import type { FaultQueue } from "./fault-queue.js";
import type { FakeGitRequest, FakeJob, FakeJobRequest, FakeRunner } from "./fake-state.js";

/** Behaviour a test chooses when it starts the fake. */
export interface FakeGitlabOptions {
  /** Registration tokens the legacy `POST /runners` flow accepts. */
  readonly registrationTokens?: readonly string[];
  /** How many 202s a final-state `PUT /jobs/:id` gets before its 200 (GitLab: while it takes the log). */
  readonly finalUpdateAccepts?: number;
  /** `X-GitLab-Trace-Update-Interval` sent with trace and update answers (seconds). */
  readonly traceUpdateInterval?: number;
  /** Hold a `jobs/request` whose last_update is current for this long (GitLab's long poll). */
  readonly longPollMs?: number;
  /** Artifacts larger than this are answered 413. */
  readonly maxArtifactBytes?: number;
  /** Dependency downloads answer 302 to an object-storage URL on the fake. */
  readonly redirectArtifacts?: boolean;
  /**
   * Repositories served over git's smart HTTP at `<url>/<project path>.git` (project path ->
   * a bare repository on disk), as job payloads' `git_info.repo_url` names them.
   */
  readonly repositories?: Readonly<Record<string, string>>;
}

/** What the route handlers share: the recorded state, the faults, the options. */
export interface FakeContext {
  readonly baseUrl: () => string;
  readonly options: FakeGitlabOptions;
  readonly faults: FaultQueue;
  readonly runners: FakeRunner[];
  readonly jobs: FakeJob[];
  readonly jobRequests: FakeJobRequest[];
  /** The `JOB-TOKEN` header of every object-storage download (it must never be sent there). */
  readonly storageRequests: { readonly jobToken: string | undefined }[];
  /** Every request to a served repository, and whether its job token was accepted. */
  readonly gitRequests: FakeGitRequest[];
  /** The most jobs that were running at once (counted whenever a job is handed out). */
  readonly runningHighWater: { value: number };
  /** The queue version reported as `X-GitLab-Last-Update`; bumped when jobs are added. */
  queueVersion: number;
  /** Wakes long-polling requests when the queue changes. */
  readonly queueChanged: Set<() => void>;
  nextId: () => number;
}

/** The live runner holding `token`: not deleted, not expired. */
export function runnerByToken(
  context: FakeContext,
  token: string | undefined,
): FakeRunner | undefined {
  if (token === undefined) return undefined;
  const runner = context.runners.find((r) => r.token === token && !r.deleted);
  if (runner === undefined) return undefined;
  if (runner.tokenExpiresAt !== null && Date.parse(runner.tokenExpiresAt) <= Date.now()) {
    return undefined;
  }
  return runner;
}
