import type { GitlabApi } from "./gitlab-api.js";
import { statusError } from "./status-error.js";

/** What a `PUT /jobs/:id` reports. */
export interface JobUpdate {
  readonly jobId: number;
  readonly jobToken: string;
  /** `running` is a keep-alive; `success` and `failed` are final. */
  readonly state: "running" | "success" | "failed";
  readonly failureReason?: string;
  readonly exitCode?: number;
  /** The whole log: `crc32:<hex>` and its length in bytes (features trace_checksum, trace_size). */
  readonly output?: { readonly checksum: string; readonly bytesize: number };
  readonly signal?: AbortSignal;
}

export type JobUpdateResult =
  /** 200: recorded. */
  | { readonly kind: "done"; readonly jobStatus: string | undefined }
  /** 202 (GitLab is still taking the log) or 409: send the same update again after the interval. */
  | { readonly kind: "retry"; readonly afterSeconds: number | undefined }
  /** 403 or 404: the job is no longer running on the server (canceled or deleted). */
  | { readonly kind: "aborted"; readonly jobStatus: string | undefined };

/**
 * `PUT /jobs/:id` `{token, state, failure_reason, exit_code, output}`. Throws
 * AIRLOCK_E_GITLAB_API (5xx, ...) or AIRLOCK_E_GITLAB_UNREACHABLE: retry with backoff.
 */
export async function updateJob(api: GitlabApi, update: JobUpdate): Promise<JobUpdateResult> {
  const response = await api.call("PUT", `jobs/${update.jobId}`, {
    json: {
      token: update.jobToken,
      state: update.state,
      ...(update.failureReason === undefined ? {} : { failure_reason: update.failureReason }),
      ...(update.exitCode === undefined ? {} : { exit_code: update.exitCode }),
      ...(update.output === undefined ? {} : { output: update.output }),
    },
    signal: update.signal,
  });
  const jobStatus = response.headers.get("job-status") ?? undefined;
  const interval = Number(response.headers.get("x-gitlab-trace-update-interval") ?? "");
  switch (response.status) {
    case 200:
      await response.body?.cancel();
      return { kind: "done", jobStatus };
    case 202:
    case 409:
      await response.body?.cancel();
      return {
        kind: "retry",
        afterSeconds: Number.isFinite(interval) && interval > 0 ? interval : undefined,
      };
    case 403:
    case 404:
      await response.body?.cancel();
      return { kind: "aborted", jobStatus };
    default:
      throw await statusError(`reporting the state of job ${update.jobId}`, response, "");
  }
}
