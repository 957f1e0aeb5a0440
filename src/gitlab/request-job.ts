import { type AirlockError, isAirlockError } from "../core/airlock-error.js";
import type { GitlabApi } from "./gitlab-api.js";
import type { GitlabJobPayload } from "./gitlab-job-payload.js";
import { parseJobPayload } from "./parse-job-payload.js";
import { readJson } from "./read-json.js";
import type { RunnerInfo } from "./runner-info.js";
import { statusError } from "./status-error.js";

/** The answer to one job request. */
export type JobRequestResult =
  | { readonly kind: "job"; readonly job: GitlabJobPayload }
  /** 204: nothing now; send `lastUpdate` back with the next request. */
  | { readonly kind: "none"; readonly lastUpdate: string | undefined }
  /** 409: another request raced this one; ask again. */
  | { readonly kind: "conflict" }
  /**
   * 201 with a job airlock cannot read: GitLab has assigned it to this runner, so it must be
   * failed back (with its id and token) rather than left running until it times out.
   */
  | {
      readonly kind: "invalid";
      readonly jobId: number;
      readonly jobToken: string;
      readonly error: AirlockError;
    };

export interface JobRequest {
  readonly token: string;
  readonly systemId: string;
  readonly lastUpdate: string | undefined;
  readonly info: RunnerInfo;
  readonly signal?: AbortSignal;
}

/**
 * `POST /jobs/request`. Throws AIRLOCK_E_GITLAB_FORBIDDEN on 403 (token invalid or runner
 * deleted: stop using it), AIRLOCK_E_GITLAB_API on other statuses and
 * AIRLOCK_E_GITLAB_UNREACHABLE without an answer (both: back off and retry). A job that does
 * not validate is `invalid` when its id and token can be read, else AIRLOCK_E_GITLAB_PAYLOAD.
 */
export async function requestJob(api: GitlabApi, request: JobRequest): Promise<JobRequestResult> {
  const response = await api.call("POST", "jobs/request", {
    json: {
      token: request.token,
      system_id: request.systemId,
      info: request.info,
      ...(request.lastUpdate === undefined ? {} : { last_update: request.lastUpdate }),
    },
    signal: request.signal,
  });
  switch (response.status) {
    case 201: {
      const json = await readJson(response, "requesting a job");
      try {
        return { kind: "job", job: parseJobPayload(json) };
      } catch (error: unknown) {
        const identity = isAirlockError(error) ? jobIdentity(json) : undefined;
        if (identity === undefined || !isAirlockError(error)) throw error;
        return { kind: "invalid", ...identity, error };
      }
    }
    case 204:
      return {
        kind: "none",
        lastUpdate: response.headers.get("x-gitlab-last-update") ?? undefined,
      };
    case 409:
      await response.body?.cancel();
      return { kind: "conflict" };
    default:
      throw await statusError(
        "requesting a job",
        response,
        "GitLab no longer accepts this runner's token (the runner was deleted or its token expired or was reset): run airlock verify, then airlock register again",
      );
  }
}

/** The id and token of a job payload, when at least those are readable. */
function jobIdentity(json: unknown): { jobId: number; jobToken: string } | undefined {
  if (typeof json !== "object" || json === null) return undefined;
  const id: unknown = (json as Record<string, unknown>)["id"];
  const token: unknown = (json as Record<string, unknown>)["token"];
  if (typeof id !== "number" || !Number.isSafeInteger(id) || typeof token !== "string") {
    return undefined;
  }
  return { jobId: id, jobToken: token };
}
