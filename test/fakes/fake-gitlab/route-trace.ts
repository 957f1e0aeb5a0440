import type { IncomingMessage, ServerResponse } from "node:http";
import type { FakeContext } from "./fake-context.js";
import { authenticateJob } from "./authenticate-job.js";
import { readBody, send, sendError } from "./fake-http.js";

/**
 * `PATCH /api/v4/jobs/:id/trace` with `Content-Range: start-end` (end inclusive): appended
 * when `start` is the length GitLab holds (202 with `Range: 0-<length>`, `Job-Status` and
 * `X-GitLab-Trace-Update-Interval`), else 416 with the `Range` it holds. A canceled job is
 * 403 with `Job-Status: canceled`; a canceling one is still written to, and says so.
 */
export async function routeTrace(
  context: FakeContext,
  request: IncomingMessage,
  response: ServerResponse,
  id: number,
): Promise<void> {
  const body = await readBody(request);
  const job = authenticateJob(context, request, response, id, undefined);
  if (job === undefined) return;
  const contentRange = request.headers["content-range"];
  const held = (): Record<string, string> => ({ Range: `0-${job.trace.length}` });
  const record = (answered: number): void => {
    job.patches.push({ range: contentRange ?? "", answered });
  };
  const fault = context.faults.take("trace");
  if (fault !== undefined) {
    record(fault.status);
    const extra = fault.status === 416 ? held() : {};
    send(response, fault.status, fault.body ?? "", { ...extra, ...(fault.headers ?? {}) });
    return;
  }
  if (contentRange === undefined) {
    record(400);
    sendError(response, 400, "400 Missing header Content-Range");
    return;
  }
  const match = /^(\d+)-(\d+)$/.exec(contentRange);
  if (match === null) {
    record(400);
    sendError(response, 400, `400 Bad Content-Range ${contentRange}`);
    return;
  }
  const start = Number(match[1]);
  const end = Number(match[2]);
  if (start !== job.trace.length) {
    record(416);
    sendError(response, 416, "416 Range Not Satisfiable", held());
    return;
  }
  if (end - start + 1 !== body.length) {
    record(400);
    sendError(
      response,
      400,
      `400 Content-Range ${contentRange} does not match ${body.length} bytes`,
    );
    return;
  }
  job.trace = Buffer.concat([job.trace, body]);
  record(202);
  send(response, 202, "", {
    ...held(),
    "Job-Status": job.status,
    "X-GitLab-Trace-Update-Interval": String(context.options.traceUpdateInterval ?? 0),
  });
}
