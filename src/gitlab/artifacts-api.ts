import { AirlockError } from "../core/airlock-error.js";
import { unreachable, type GitlabApi } from "./gitlab-api.js";
import { statusError } from "./status-error.js";

export interface ArtifactUpload {
  readonly jobId: number;
  readonly jobToken: string;
  readonly filename: string;
  readonly content: Uint8Array;
  /** `archive` or a report type (`junit`, `dotenv`, ...). */
  readonly artifactType: string;
  /** `zip`, `gzip` or `raw`. */
  readonly artifactFormat: string;
  readonly expireIn: string | undefined;
  readonly signal?: AbortSignal;
}

/**
 * `POST /jobs/:id/artifacts?artifact_type=&artifact_format=&expire_in=` with a multipart
 * `file` (the query carries the options, as gitlab-runner sends them). `too-large` is 413:
 * say so in the job log. Other failures throw.
 */
export async function uploadArtifact(
  api: GitlabApi,
  upload: ArtifactUpload,
): Promise<"created" | "too-large"> {
  const query = new URLSearchParams({
    artifact_type: upload.artifactType,
    artifact_format: upload.artifactFormat,
    ...(upload.expireIn === undefined ? {} : { expire_in: upload.expireIn }),
  });
  const form = new FormData();
  form.append("file", new Blob([upload.content]), upload.filename);
  const response = await api.call("POST", `jobs/${upload.jobId}/artifacts?${query.toString()}`, {
    body: form,
    headers: { "JOB-TOKEN": upload.jobToken },
    signal: upload.signal,
    timeoutMs: 3_600_000,
  });
  if (response.status === 201) {
    await response.body?.cancel();
    return "created";
  }
  if (response.status === 413) {
    await response.body?.cancel();
    return "too-large";
  }
  throw await statusError(
    `uploading artifacts of job ${upload.jobId}`,
    response,
    "the job is no longer running in GitLab (canceled or timed out)",
  );
}

/**
 * `GET /jobs/:id/artifacts` with the dependency's token: the archive, or undefined on 404
 * (expired or never made). A redirect to object storage is followed without `JOB-TOKEN`:
 * the token is for GitLab only, never for the storage host.
 */
export async function downloadArtifact(
  api: GitlabApi,
  dependency: { readonly id: number; readonly token: string; readonly signal?: AbortSignal },
): Promise<Uint8Array | undefined> {
  let response = await api.call("GET", `jobs/${dependency.id}/artifacts`, {
    headers: { "JOB-TOKEN": dependency.token },
    signal: dependency.signal,
    timeoutMs: 3_600_000,
  });
  for (let hops = 0; isRedirect(response.status); hops++) {
    const location = response.headers.get("location");
    await response.body?.cancel();
    if (location === null || hops >= 5) {
      throw new AirlockError(
        "AIRLOCK_E_GITLAB_API",
        `downloading artifacts of job ${dependency.id}: ${response.url} redirected ${location === null ? "without a Location" : "more than 5 times"}`,
        { fix: "check GitLab's object storage settings for artifacts" },
      );
    }
    const target = new URL(location, response.url).toString();
    try {
      response = await fetch(target, {
        redirect: "manual",
        signal: dependency.signal ?? AbortSignal.timeout(3_600_000),
      });
    } catch (error: unknown) {
      throw unreachable("GET", target, error);
    }
  }
  if (response.status === 404) {
    await response.body?.cancel();
    return undefined;
  }
  if (response.status !== 200) {
    throw await statusError(
      `downloading artifacts of job ${dependency.id}`,
      response,
      "GitLab refused the dependency's token: the job is no longer running, or the artifacts belong to a project this job may not read",
    );
  }
  return new Uint8Array(await response.arrayBuffer());
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}
