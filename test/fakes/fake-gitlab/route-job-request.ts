import type { IncomingMessage, ServerResponse } from "node:http";
import { runnerByToken, type FakeContext } from "./fake-context.js";
import type { FakeJob } from "./fake-state.js";
import { jsonObject, readBody, send, sendError, stringField } from "./fake-http.js";

/**
 * `POST /api/v4/jobs/request`: 201 with the next pending job this runner may take, else 204
 * with `X-GitLab-Last-Update`. A request whose `last_update` is current is held up to
 * `longPollMs` (as Workhorse does) and answered early when a job is queued.
 */
export async function routeJobRequest(
  context: FakeContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const body = jsonObject(await readBody(request));
  const token = stringField(body, "token");
  const systemId = stringField(body, "system_id");
  const lastUpdate = stringField(body, "last_update");
  const record = (answered: number): void => {
    context.jobRequests.push({ token, systemId, lastUpdate, info: body?.["info"], answered });
  };
  const fault = context.faults.take("request");
  if (fault !== undefined) {
    record(fault.status);
    send(response, fault.status, fault.body ?? "", fault.headers ?? {});
    return;
  }
  if (token === undefined) {
    record(400);
    sendError(response, 400, "400 Bad request - token is missing");
    return;
  }
  const runner = runnerByToken(context, token);
  if (runner === undefined) {
    record(403);
    sendError(response, 403, "403 Forbidden");
    return;
  }
  if (systemId !== undefined) runner.managers.add(systemId);
  const pick = (): FakeJob | undefined =>
    context.jobs.find(
      (job) =>
        job.status === "pending" && (job.forRunner === undefined || job.forRunner === runner.id),
    );
  let job = pick();
  const hold = context.options.longPollMs ?? 0;
  if (job === undefined && hold > 0 && lastUpdate === String(context.queueVersion)) {
    await new Promise<void>((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        context.queueChanged.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, hold);
      context.queueChanged.add(wake);
    });
    job = pick();
  }
  if (job === undefined) {
    record(204);
    send(response, 204, "", { "X-GitLab-Last-Update": String(context.queueVersion) });
    return;
  }
  job.status = "running";
  job.runnerId = runner.id;
  const running = context.jobs.filter((j) => j.status === "running" || j.status === "canceling");
  context.runningHighWater.value = Math.max(context.runningHighWater.value, running.length);
  record(201);
  send(response, 201, JSON.stringify(job.payload), { "Content-Type": "application/json" });
}
