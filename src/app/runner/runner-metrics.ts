import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** What the runner reports to Prometheus (one registry per runner process). */
export interface RunnerMetrics {
  readonly registry: Registry;
  /** A job reached its end: `state` success/failed/canceled, `reason` empty on success. */
  jobFinished(runner: string, state: string, reason: string | undefined, seconds: number): void;
  /** A job was taken: how long it waited in GitLab's queue. */
  jobStarted(runner: string, queueSeconds: number | undefined): void;
  /** How long one sandbox took to create. */
  sandboxCreated(backend: string, seconds: number): void;
  /** A call to GitLab failed (`kind`: request, forbidden, invalid-job, trace, update). */
  apiError(runner: string, kind: string): void;
}

const durationBuckets = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200];
const createBuckets = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The runner's metrics, prefixed `airlock_runner_`, plus Node's process metrics. */
export function runnerMetrics(): RunnerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const jobs = new Counter({
    name: "airlock_runner_jobs_total",
    help: "Jobs that ended, by runner, final state and failure reason",
    labelNames: ["runner", "state", "failure_reason"] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: "airlock_runner_job_duration_seconds",
    help: "Time from taking a job to its final state",
    labelNames: ["runner", "state"] as const,
    buckets: durationBuckets,
    registers: [registry],
  });
  const queue = new Histogram({
    name: "airlock_runner_job_queue_seconds",
    help: "Time a job waited in GitLab's queue before this runner took it",
    labelNames: ["runner"] as const,
    buckets: durationBuckets,
    registers: [registry],
  });
  const create = new Histogram({
    name: "airlock_runner_sandbox_create_seconds",
    help: "Time to create one sandbox",
    labelNames: ["backend"] as const,
    buckets: createBuckets,
    registers: [registry],
  });
  const running = new Gauge({
    name: "airlock_runner_jobs_running",
    help: "Jobs running now",
    labelNames: ["runner"] as const,
    registers: [registry],
  });
  const apiErrors = new Counter({
    name: "airlock_runner_api_errors_total",
    help: "Failed calls to GitLab's API, by runner and kind",
    labelNames: ["runner", "kind"] as const,
    registers: [registry],
  });
  return {
    registry,
    jobStarted: (runner, queueSeconds) => {
      running.inc({ runner });
      if (queueSeconds !== undefined) queue.observe({ runner }, queueSeconds);
    },
    jobFinished: (runner, state, reason, seconds) => {
      running.dec({ runner });
      jobs.inc({ runner, state, failure_reason: reason ?? "" });
      duration.observe({ runner, state }, seconds);
    },
    sandboxCreated: (backend, seconds) => create.observe({ backend }, seconds),
    apiError: (runner, kind) => apiErrors.inc({ runner, kind }),
  };
}
