import { setTimeout as delay } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeGitlab, type FakeGitlab } from "../../test/fakes/fake-gitlab/fake-gitlab.js";
import { gitlabApi } from "./gitlab-api.js";
import { pollJobs, type PollEvent, type PollOptions, type PollTarget } from "./poll-jobs.js";
import { airlockRunnerInfo } from "./runner-info.js";

let fake: FakeGitlab | undefined;
const controllers: AbortController[] = [];
afterEach(async () => {
  // Stops a poller a failed test left running before its GitLab goes away.
  for (const controller of controllers.splice(0)) controller.abort();
  await fake?.close();
  fake = undefined;
});

function stopper(): AbortController {
  const controller = new AbortController();
  controllers.push(controller);
  return controller;
}

function target(fake: FakeGitlab, name: string, limit = 0, requestConcurrency = 1): PollTarget {
  const runner = fake.createRunner();
  return { name, api: gitlabApi(fake.url), token: runner.token, limit, requestConcurrency };
}

/** Resolves once `condition` holds, checked after every macrotask. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await delay(1);
}

function options(
  overrides: Partial<PollOptions> & Pick<PollOptions, "runners" | "signal">,
): PollOptions {
  return {
    concurrent: 1,
    checkIntervalMs: 1,
    systemId: "s_0123456789ab",
    info: airlockRunnerInfo("0.1.0"),
    runJob: () => Promise.resolve(),
    ...overrides,
  };
}

describe("pollJobs", () => {
  it("never runs more than limit per runner and concurrent overall", async () => {
    fake = await startFakeGitlab();
    const a = target(fake, "a", 1);
    const b = target(fake, "b", 0, 2);
    const queued = [1, 2, 3, 4, 5].map(() => fake?.addJob());
    const running = new Map<string, number>();
    const max = { total: 0, a: 0 };
    const ran: number[] = [];
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const stop = stopper();
    const total = () => [...running.values()].reduce((sum, n) => sum + n, 0);
    const poller = pollJobs(
      options({
        runners: [a, b],
        concurrent: 2,
        signal: stop.signal,
        runJob: async (runner, job) => {
          running.set(runner.name, (running.get(runner.name) ?? 0) + 1);
          max.total = Math.max(max.total, total());
          max.a = Math.max(max.a, running.get("a") ?? 0);
          ran.push(job.id);
          await gate;
          running.set(runner.name, (running.get(runner.name) ?? 0) - 1);
        },
      }),
    );
    await until(() => total() === 2);
    // Room for a third job to start if the slots leaked; then let everything finish.
    await delay(50);
    expect(total()).toBe(2);
    open();
    await until(() => ran.length === 5);
    stop.abort();
    await poller;
    expect(max).toEqual({ total: 2, a: 1 });
    expect(ran.sort()).toEqual(queued.map((job) => job?.id).sort());
  });

  it("sends back X-GitLab-Last-Update and waits check_interval after nothing", async () => {
    fake = await startFakeGitlab();
    const stop = stopper();
    const sleeps: number[] = [];
    await pollJobs(
      options({
        runners: [target(fake, "a")],
        checkIntervalMs: 3000,
        signal: stop.signal,
        sleep: (ms) => {
          sleeps.push(ms);
          if (sleeps.length === 2) stop.abort();
          return Promise.resolve();
        },
      }),
    );
    expect(sleeps).toEqual([3000, 3000]);
    expect(fake.jobRequests.map((r) => [r.lastUpdate, r.answered])).toEqual([
      [undefined, 204],
      ["1", 204],
    ]);
  });

  it("backs off exponentially on 5xx and 409s wait check_interval", async () => {
    fake = await startFakeGitlab();
    fake.injectFault("request", { status: 502 }, 3);
    fake.injectFault("request", { status: 409 });
    const stop = stopper();
    const sleeps: number[] = [];
    const events: PollEvent[] = [];
    await pollJobs(
      options({
        runners: [target(fake, "a")],
        checkIntervalMs: 5,
        initialBackoffMs: 100,
        maxBackoffMs: 300,
        signal: stop.signal,
        onEvent: (event) => events.push(event),
        sleep: (ms) => {
          sleeps.push(ms);
          if (sleeps.length === 5) stop.abort();
          return Promise.resolve();
        },
      }),
    );
    expect(sleeps).toEqual([100, 200, 300, 5, 5]);
    expect(events.map((e) => (e.kind === "request-failed" ? e.retryInMs : e.kind))).toEqual([
      100, 200, 300,
    ]);
  });

  it("stops a runner whose token GitLab refuses, and says so", async () => {
    fake = await startFakeGitlab();
    const runner = target(fake, "gone");
    fake.revokeRunner(fake.runners[0]?.id ?? 0);
    const events: PollEvent[] = [];
    await pollJobs(
      options({
        runners: [runner],
        signal: stopper().signal,
        onEvent: (event) => events.push(event),
      }),
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      kind: "forbidden",
      runner: "gone",
      error: { code: "AIRLOCK_E_GITLAB_FORBIDDEN" },
    });
    expect(fake.jobRequests).toHaveLength(1);
  });

  it("hands a job it cannot read to failInvalidJob and goes on with the next", async () => {
    fake = await startFakeGitlab();
    const a = target(fake, "a");
    const bad = fake.addJob({ raw: { steps: "not a list" } });
    const good = fake.addJob();
    const failed: number[] = [];
    const ran: number[] = [];
    const events: PollEvent["kind"][] = [];
    const stop = stopper();
    const poller = pollJobs(
      options({
        runners: [a],
        signal: stop.signal,
        failInvalidJob: (_runner, invalid) => {
          failed.push(invalid.jobId);
          return Promise.resolve();
        },
        runJob: (_runner, job) => {
          ran.push(job.id);
          return Promise.resolve();
        },
        onEvent: (event) => events.push(event.kind),
      }),
    );
    await until(() => ran.length === 1);
    stop.abort();
    await poller;
    expect(failed).toEqual([bad.id]);
    expect(ran).toEqual([good.id]);
    expect(events).toContain("invalid-job");
    expect(events).not.toContain("request-failed");
  });
});
