import type { FaultQueue } from "./fault-queue.js";
import type { FakeJob, FakeJobRequest, FakeRunner } from "./fake-state.js";

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
