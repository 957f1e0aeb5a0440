import type { IncomingMessage, ServerResponse } from "node:http";
import type { FakeContext } from "./fake-context.js";
import { authenticateJob } from "./authenticate-job.js";
import { jsonObject, readBody, send, sendError, stringField } from "./fake-http.js";

/**
 * `PUT /api/v4/jobs/:id`: `state: running` (or none) is a keep-alive, 200. A final state is
 * answered 202 `finalUpdateAccepts` times (GitLab is still taking the log; the runner must
 * repeat after `X-GitLab-Trace-Update-Interval`), then 200, and becomes the job's status
 * (a canceling job ends canceled). Every PUT is recorded with its answer.
 */
export async function routeJobUpdate(
  context: FakeContext,
  request: IncomingMessage,
  response: ServerResponse,
  id: number,
): Promise<void> {
  const body = jsonObject(await readBody(request));
  if (body === undefined) {
    sendError(response, 400, "400 Bad request - body is not JSON");
    return;
  }
  const job = authenticateJob(context, request, response, id, stringField(body, "token"));
  if (job === undefined) return;
  const output = body["output"];
  const outputObject =
    typeof output === "object" && output !== null ? (output as Record<string, unknown>) : {};
  const exitCode = body["exit_code"];
  const bytesize = outputObject["bytesize"];
  const state = stringField(body, "state");
  const record = (answered: number): void => {
    job.updates.push({
      state,
      failureReason: stringField(body, "failure_reason"),
      exitCode: typeof exitCode === "number" ? exitCode : undefined,
      checksum: stringField(outputObject, "checksum") ?? stringField(body, "checksum"),
      bytesize: typeof bytesize === "number" ? bytesize : undefined,
      answered,
    });
  };
  const interval = String(context.options.traceUpdateInterval ?? 0);
  const fault = context.faults.take("update");
  if (fault !== undefined) {
    record(fault.status);
    send(response, fault.status, fault.body ?? "", fault.headers ?? {});
    return;
  }
  const headers = { "Job-Status": job.status, "X-GitLab-Trace-Update-Interval": interval };
  if (state === undefined || state === "running") {
    record(200);
    send(response, 200, "200", headers);
    return;
  }
  if (state !== "success" && state !== "failed") {
    record(400);
    sendError(response, 400, `400 Bad request - unknown state ${state}`);
    return;
  }
  if (job.pendingAccepts > 0) {
    job.pendingAccepts--;
    record(202);
    send(response, 202, "202", headers);
    return;
  }
  job.status = job.status === "canceling" ? "canceled" : state;
  record(200);
  send(response, 200, "200", { ...headers, "Job-Status": job.status });
}
