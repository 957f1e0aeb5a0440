import type { GitlabApi } from "./gitlab-api.js";
import { statusError } from "./status-error.js";

/** The answer to one trace chunk. */
export type TracePatchResult =
  /** 202: GitLab holds `remoteLength` bytes; `jobStatus` is e.g. `running` or `canceling`. */
  | {
      readonly kind: "accepted";
      readonly remoteLength: number;
      readonly jobStatus: string | undefined;
      /** How often GitLab wants the log sent now (faster while someone watches), seconds. */
      readonly updateIntervalSeconds: number | undefined;
    }
  /** 416: GitLab holds `remoteLength` bytes, not `offset`: resend from there. */
  | { readonly kind: "range-mismatch"; readonly remoteLength: number }
  /** 403, 404, or `Job-Status` canceled/failed: the job is over on the server; stop it. */
  | { readonly kind: "aborted"; readonly jobStatus: string | undefined };

export interface TracePatch {
  readonly jobId: number;
  readonly jobToken: string;
  /** Where `bytes` start in the whole log. */
  readonly offset: number;
  /** Not empty. */
  readonly bytes: Uint8Array;
  readonly signal?: AbortSignal;
}

/**
 * `PATCH /jobs/:id/trace` with `Content-Range: <offset>-<offset + length - 1>`. Throws
 * AIRLOCK_E_GITLAB_API (5xx, ...) or AIRLOCK_E_GITLAB_UNREACHABLE: keep the bytes and retry.
 */
export async function patchTrace(api: GitlabApi, patch: TracePatch): Promise<TracePatchResult> {
  const response = await api.call("PATCH", `jobs/${patch.jobId}/trace`, {
    body: patch.bytes,
    headers: {
      "JOB-TOKEN": patch.jobToken,
      "Content-Type": "text/plain",
      "Content-Range": `${patch.offset}-${patch.offset + patch.bytes.length - 1}`,
    },
    signal: patch.signal,
  });
  const jobStatus = response.headers.get("job-status") ?? undefined;
  const remoteLength = parseRangeEnd(response.headers.get("range"));
  if (response.status === 202 || response.status === 416) await response.body?.cancel();
  if (response.status === 403 || response.status === 404) {
    await response.body?.cancel();
    return { kind: "aborted", jobStatus };
  }
  if (response.status === 202) {
    if (jobStatus === "canceled" || jobStatus === "failed") return { kind: "aborted", jobStatus };
    const interval = Number(response.headers.get("x-gitlab-trace-update-interval") ?? "");
    return {
      kind: "accepted",
      remoteLength: remoteLength ?? patch.offset + patch.bytes.length,
      jobStatus,
      updateIntervalSeconds: Number.isFinite(interval) && interval > 0 ? interval : undefined,
    };
  }
  if (response.status === 416 && remoteLength !== undefined) {
    return { kind: "range-mismatch", remoteLength };
  }
  throw await statusError(`sending the log of job ${patch.jobId}`, response, "");
}

/** `0-1234` → 1234 (the number of bytes GitLab holds). */
function parseRangeEnd(range: string | null): number | undefined {
  const match = /^\s*\d+-(\d+)\s*$/.exec(range ?? "");
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
