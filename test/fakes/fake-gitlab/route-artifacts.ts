import type { IncomingMessage, ServerResponse } from "node:http";
import type { FakeContext } from "./fake-context.js";
import type { FakeJob } from "./fake-state.js";
import { authenticateJob, isActive } from "./authenticate-job.js";
import { readBody, send, sendError } from "./fake-http.js";
import { parseMultipart } from "./parse-multipart.js";

/** GitLab's format of each report type (Ci::JobArtifact::TYPE_AND_FORMAT_PAIRS, a subset). */
const formatOfType: Readonly<Record<string, string>> = {
  archive: "zip",
  junit: "gzip",
  dotenv: "gzip",
  cobertura: "gzip",
  metrics: "gzip",
  cyclonedx: "gzip",
  codequality: "raw",
  sast: "raw",
  terraform: "raw",
  requirements: "raw",
  lsif: "zip",
};

/**
 * `POST /api/v4/jobs/:id/artifacts`: multipart with `file`; `artifact_type`,
 * `artifact_format` and `expire_in` in the query (as gitlab-runner sends them) or the form.
 * 201, 400 for a known type in another format than GitLab's, or 413 above `maxArtifactBytes`.
 * Every upload is kept with its type, format, expire_in, file name and content.
 */
export async function routeArtifactUpload(
  context: FakeContext,
  request: IncomingMessage,
  response: ServerResponse,
  id: number,
  query: URLSearchParams,
): Promise<void> {
  const body = await readBody(request);
  const job = authenticateJob(context, request, response, id, undefined);
  if (job === undefined) return;
  const fault = context.faults.take("upload");
  if (fault !== undefined) {
    send(response, fault.status, fault.body ?? "", fault.headers ?? {});
    return;
  }
  const parts = parseMultipart(request.headers["content-type"], body);
  if (parts === undefined) {
    sendError(response, 400, "400 Bad request - not a multipart form");
    return;
  }
  const file = parts.find((part) => part.name === "file" && part.filename !== undefined);
  if (file === undefined) {
    sendError(response, 400, "400 Bad request - file is missing");
    return;
  }
  if (file.content.length > (context.options.maxArtifactBytes ?? Number.MAX_SAFE_INTEGER)) {
    sendError(response, 413, "413 Request Entity Too Large");
    return;
  }
  const field = (key: string): string | undefined =>
    query.get(key) ?? parts.find((part) => part.name === key)?.content.toString("utf8");
  const artifactType = field("artifact_type") ?? "archive";
  const artifactFormat = field("artifact_format") ?? "zip";
  const expected = formatOfType[artifactType];
  if (expected !== undefined && expected !== artifactFormat) {
    sendError(response, 400, `400 Bad request - ${artifactType} artifacts must be ${expected}`);
    return;
  }
  job.artifacts.push({
    filename: file.filename ?? "",
    content: file.content,
    artifactType,
    artifactFormat,
    expireIn: field("expire_in"),
  });
  send(response, 201, "201");
}

/**
 * `GET /api/v4/jobs/:id/artifacts` with `JOB-TOKEN` of the job itself or of a running job
 * (a dependent job downloading its dependency): 200 with the archive, 302 to object storage
 * when `redirectArtifacts`, 404 when there is none.
 */
export function routeArtifactDownload(
  context: FakeContext,
  request: IncomingMessage,
  response: ServerResponse,
  id: number,
): void {
  const job = context.jobs.find((j) => j.id === id);
  const header = request.headers["job-token"];
  const allowed = context.jobs.some((j) => j.token === header && (j.id === id || isActive(j)));
  if (!allowed) {
    sendError(response, 403, "403 Forbidden");
    return;
  }
  const fault = context.faults.take("download");
  if (fault !== undefined) {
    send(response, fault.status, fault.body ?? "", fault.headers ?? {});
    return;
  }
  const archive = job === undefined ? undefined : archiveOf(job);
  if (archive === undefined) {
    sendError(response, 404, "404 Not Found");
    return;
  }
  if (context.options.redirectArtifacts === true) {
    send(response, 302, "", { Location: `${context.baseUrl()}/fake-object-storage/${id}` });
    return;
  }
  send(response, 200, archive, { "Content-Type": "application/octet-stream" });
}

/** The object-storage side of a redirected download: no authentication, like a signed URL. */
export function routeObjectStorage(
  context: FakeContext,
  request: IncomingMessage,
  response: ServerResponse,
  id: number,
): void {
  const header = request.headers["job-token"];
  context.storageRequests.push({ jobToken: typeof header === "string" ? header : undefined });
  const job = context.jobs.find((j) => j.id === id);
  const archive = job === undefined ? undefined : archiveOf(job);
  if (archive === undefined) sendError(response, 404, "404 Not Found");
  else send(response, 200, archive, { "Content-Type": "application/octet-stream" });
}

function archiveOf(job: FakeJob): Buffer | undefined {
  return job.artifacts.findLast((a) => a.artifactType === "archive")?.content;
}
