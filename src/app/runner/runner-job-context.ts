import type { Logger } from "../../core/logger.js";
import type { RunnerEntry } from "../../config/runner-config.js";
import type { GitlabApi } from "../../gitlab/gitlab-api.js";
import type { JobSize } from "../../job/job-spec.js";
import type { SandboxBackend } from "../../sandbox/sandbox.js";
import type { RunnerMetrics } from "./runner-metrics.js";

/** What every job of one configured runner shares (made once when the runner starts). */
export interface RunnerJobContext {
  readonly runner: RunnerEntry;
  readonly api: GitlabApi;
  readonly backend: SandboxBackend;
  /** The runner's sandbox size (its size tag, capped at max_size). */
  readonly size: JobSize;
  readonly version: string;
  readonly logger: Logger;
  /** `<state dir>/runner`: per-job work directories, in-flight records and caches live below it. */
  readonly workRoot: string;
  /** DNS queries of a sandbox go to its job's log (sandbox id -> job log). */
  readonly dnsRoutes: Map<string, (line: string) => void>;
  /** How often the log is sent while a job runs. */
  readonly traceIntervalMs: number;
  /** The wait after a final update answered 202 without an interval, and the base backoff. */
  readonly retryMs: number;
  /** Aborts when the runner cancels every running job (a second SIGTERM). */
  readonly cancelAll: AbortSignal;
  readonly metrics: RunnerMetrics;
}
