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
  | { readonly kind: "conflict" };

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
 * AIRLOCK_E_GITLAB_UNREACHABLE without an answer (both: back off and retry), and
 * AIRLOCK_E_GITLAB_PAYLOAD when the job does not validate.
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
    case 201:
      return {
        kind: "job",
        job: parseJobPayload(await readJson(response, "requesting a job")),
      };
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
