import type { IncomingMessage, ServerResponse } from "node:http";
import type { FakeContext } from "./fake-context.js";
import type { FakeJob } from "./fake-state.js";
import { sendError } from "./fake-http.js";

/** Jobs GitLab still lets the runner write to. */
export function isActive(job: FakeJob): boolean {
  return job.status === "running" || job.status === "canceling";
}

/**
 * GitLab's `authenticate_job!`: the job named in the path, with its token from `JOB-TOKEN`
 * or the body; 404 for an unknown job, 403 for a wrong token, and 403 with `Job-Status`
 * when the job is no longer running. Answers and returns undefined on failure.
 */
export function authenticateJob(
  context: FakeContext,
  request: IncomingMessage,
  response: ServerResponse,
  id: number,
  bodyToken: string | undefined,
): FakeJob | undefined {
  const job = context.jobs.find((j) => j.id === id);
  if (job === undefined) {
    sendError(response, 404, "404 Not Found");
    return undefined;
  }
  const header = request.headers["job-token"];
  const token = typeof header === "string" ? header : bodyToken;
  if (token !== job.token) {
    sendError(response, 403, "403 Forbidden");
    return undefined;
  }
  if (!isActive(job)) {
    sendError(response, 403, "403 Forbidden - Job is not processing on runner", {
      "Job-Status": job.status,
    });
    return undefined;
  }
  return job;
}
