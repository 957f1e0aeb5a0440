import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { crc32 } from "node:zlib";
import type { FakeContext, FakeGitlabOptions } from "./fake-context.js";
import { fakeJobPayload, type FakeJobOptions } from "./fake-job-payload.js";
import type { FakeGitRequest, FakeJob, FakeJobRequest, FakeRunner } from "./fake-state.js";
import { FaultQueue, type FakeEndpoint, type Fault } from "./fault-queue.js";
import { sendError } from "./fake-http.js";
import { randomToken } from "./random-token.js";
import {
  routeArtifactDownload,
  routeArtifactUpload,
  routeObjectStorage,
} from "./route-artifacts.js";
import { routeGit } from "./route-git.host.js";
import { routeJobRequest } from "./route-job-request.js";
import { routeJobUpdate } from "./route-job-update.js";
import { routeRunners } from "./route-runners.js";
import { routeTrace } from "./route-trace.js";

export type { FakeGitlabOptions } from "./fake-context.js";
export type { FakeJobOptions } from "./fake-job-payload.js";
export type { FakeEndpoint, Fault } from "./fault-queue.js";

/**
 * A stand-in for GitLab's runner API (docs/gitlab-runner-api.md), speaking real HTTP on
 * 127.0.0.1 with an ephemeral port. It records every request that matters (job requests,
 * trace patches, updates, uploads) and can be told to fail. Tests must `close()` it.
 */
export interface FakeGitlab {
  /** `http://127.0.0.1:<port>`: what a runner config's `url` holds. */
  readonly url: string;
  readonly runners: readonly FakeRunner[];
  readonly jobs: readonly FakeJob[];
  readonly jobRequests: readonly FakeJobRequest[];
  readonly storageRequests: readonly { readonly jobToken: string | undefined }[];
  readonly gitRequests: readonly FakeGitRequest[];
  /** The most jobs that were running at once (running or canceling). */
  readonly runningHighWater: () => number;
  /** A runner as created in GitLab's UI: a `glrt-` token, optionally expiring. */
  createRunner(options?: { tags?: readonly string[]; tokenExpiresAt?: string | null }): FakeRunner;
  /** Deletes a runner on the server side: its token is answered 403 from now on. */
  revokeRunner(id: number): void;
  /** Queues a job (for one runner, or any); returns it for later assertions. */
  addJob(options?: FakeJobOptions & { forRunner?: number }): FakeJob;
  /** Cancels a job as a user would: `canceling` (graceful) or `canceled`. */
  cancelJob(id: number, how: "canceling" | "canceled"): void;
  /** The next `times` requests to `endpoint` get `fault` instead of their answer. */
  injectFault(endpoint: FakeEndpoint, fault: Fault, times?: number): void;
  /** The trace GitLab holds for a job, as text. */
  traceOf(id: number): string;
  /** `crc32:<hex>` of the trace GitLab holds: what a correct final update reports. */
  checksumOf(id: number): string;
  close(): Promise<void>;
}

export async function startFakeGitlab(options: FakeGitlabOptions = {}): Promise<FakeGitlab> {
  let counter = 1000;
  let url = "";
  const context: FakeContext = {
    baseUrl: () => url,
    options,
    faults: new FaultQueue(),
    runners: [],
    jobs: [],
    jobRequests: [],
    storageRequests: [],
    gitRequests: [],
    runningHighWater: { value: 0 },
    queueVersion: 1,
    queueChanged: new Set(),
    nextId: () => ++counter,
  };
  const server = createServer((request, response) => {
    route(context, request, response).catch((error: unknown) => {
      if (!response.headersSent) sendError(response, 500, `500 fake GitLab: ${String(error)}`);
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const jobById = (id: number): FakeJob => {
    const job = context.jobs.find((j) => j.id === id);
    if (job === undefined) throw new Error(`fake GitLab: no job ${id}`);
    return job;
  };
  const queueChanged = (): void => {
    context.queueVersion++;
    for (const wake of [...context.queueChanged]) wake();
  };
  return {
    url,
    runners: context.runners,
    jobs: context.jobs,
    jobRequests: context.jobRequests,
    storageRequests: context.storageRequests,
    gitRequests: context.gitRequests,
    runningHighWater: () => context.runningHighWater.value,
    createRunner(runnerOptions = {}) {
      const runner: FakeRunner = {
        id: context.nextId(),
        token: randomToken("glrt-"),
        tokenExpiresAt: runnerOptions.tokenExpiresAt ?? null,
        kind: "authentication",
        description: "",
        tags: runnerOptions.tags ?? [],
        managers: new Set(),
        deleted: false,
      };
      context.runners.push(runner);
      return runner;
    },
    revokeRunner(id) {
      for (const runner of context.runners) if (runner.id === id) runner.deleted = true;
    },
    addJob(jobOptions = {}) {
      const id = context.nextId();
      const token = randomToken("glcbt-");
      const job: FakeJob = {
        id,
        token,
        payload: fakeJobPayload(id, token, url, jobOptions),
        forRunner: jobOptions.forRunner,
        runnerId: undefined,
        status: "pending",
        trace: Buffer.alloc(0),
        pendingAccepts: options.finalUpdateAccepts ?? 1,
        updates: [],
        artifacts: [],
        patches: [],
      };
      context.jobs.push(job);
      queueChanged();
      return job;
    },
    cancelJob(id, how) {
      jobById(id).status = how;
    },
    injectFault(endpoint, fault, times = 1) {
      context.faults.add(endpoint, fault, times);
    },
    traceOf: (id) => jobById(id).trace.toString("utf8"),
    checksumOf: (id) => `crc32:${crc32(jobById(id).trace).toString(16).padStart(8, "0")}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const wake of [...context.queueChanged]) wake();
        server.closeAllConnections();
        server.close((error) => {
          if (error === undefined) resolve();
          else reject(error);
        });
      }),
  };
}

async function route(
  context: FakeContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const parsed = new URL(request.url ?? "/", "http://fake");
  const path = parsed.pathname;
  const method = request.method ?? "GET";
  if (await routeRunners(context, request, response, path)) return;
  if (await routeGit(context, request, response, path, parsed.search.slice(1))) return;
  if (method === "POST" && path === "/api/v4/jobs/request") {
    await routeJobRequest(context, request, response);
    return;
  }
  const storage = /^\/fake-object-storage\/(\d+)$/.exec(path);
  if (method === "GET" && storage !== null) {
    routeObjectStorage(context, request, response, Number(storage[1]));
    return;
  }
  const job = /^\/api\/v4\/jobs\/(\d+)(\/trace|\/artifacts)?$/.exec(path);
  const id = Number(job?.[1]);
  const key = `${method} ${job?.[2] ?? ""}`;
  if (job !== null && key === "PUT ") await routeJobUpdate(context, request, response, id);
  else if (job !== null && key === "PATCH /trace") await routeTrace(context, request, response, id);
  else if (job !== null && key === "POST /artifacts") {
    await routeArtifactUpload(context, request, response, id, parsed.searchParams);
  } else if (job !== null && key === "GET /artifacts") {
    routeArtifactDownload(context, request, response, id);
  } else sendError(response, 404, "404 Not Found");
}
