import { describe, expect, it } from "vitest";
import type { JobOutcome } from "../../job/job-outcome.js";
import type { JobSpec } from "../../job/job-spec.js";
import type { PlanResult } from "../plan/plan-job.js";
import { runPipeline, type PipelineEvents } from "./run-pipeline.js";
import type { RunnableJob, SpecInputs } from "./runnable-job.js";

const outcome = (exitCode: number, dotenv: JobOutcome["dotenv"] = []): JobOutcome => ({
  status: exitCode === 0 ? "success" : "failed",
  failureReason: exitCode === 0 ? undefined : "script_failure",
  exitCode,
  durationMs: 1,
  dotenv,
});

interface FakeJob {
  name: string;
  stage: string;
  needs?: string[];
  exits?: number[];
  allowFailure?: RunnableJob["allowFailure"];
  retryMax?: number;
  dotenv?: JobOutcome["dotenv"];
}

function runnable(job: FakeJob, seen: Map<string, SpecInputs[]>): RunnableJob {
  return {
    plan: {
      name: job.name,
      stage: job.stage,
      needs: job.needs?.map((n) => ({ job: n, optional: false })),
      when: "on_success",
    },
    allowFailure: job.allowFailure ?? false,
    retry: { max: job.retryMax ?? 0, when: ["always"], exitCodes: [] },
    artifactsFrom: job.needs ?? [],
    delayMs: 0,
    spec(inputs) {
      seen.set(job.name, [...(seen.get(job.name) ?? []), inputs]);
      return { name: job.name } as unknown as JobSpec;
    },
  };
}

async function run(jobs: FakeJob[], concurrency = 4) {
  const seen = new Map<string, SpecInputs[]>();
  const order: string[] = [];
  const settled: [string, PlanResult][] = [];
  let active = 0;
  let maxActive = 0;
  const events: PipelineEvents = {
    jobStarted: (name) => order.push(`start ${name}`),
    jobLog: () => undefined,
    jobEnded: (name, _o, result, final) =>
      order.push(`end ${name} ${result}${final ? "" : " retry"}`),
    jobSettled: (name, result) => settled.push([name, result]),
  };
  const result = await runPipeline({
    jobs: jobs.map((j) => runnable(j, seen)),
    stages: ["build", "test", "deploy"],
    manual: new Set(),
    concurrency,
    artifactsDirOf: (name) => `/artifacts/${name}`,
    events,
    signal: new AbortController().signal,
    wait: () => Promise.resolve(),
    async execute(spec) {
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise((resolve) => setTimeout(resolve, 5));
      active--;
      const job = jobs.find((j) => j.name === spec.name);
      const attempt = seen.get(spec.name)?.length ?? 1;
      return outcome(job?.exits?.[attempt - 1] ?? 0, job?.dotenv);
    },
  });
  return { result, order, settled, seen, maxActive };
}

describe("runPipeline", () => {
  it("passes artifacts and dotenv of needed jobs on", async () => {
    const { result, seen } = await run([
      { name: "build", stage: "build", dotenv: [{ name: "VERSION", value: "1.2" }] },
      { name: "test", stage: "test", needs: ["build"] },
    ]);
    expect(result.succeeded).toBe(true);
    expect(seen.get("test")?.[0]).toEqual({
      dependencies: [{ jobName: "build", hostDir: "/artifacts/build" }],
      dotenv: [{ name: "VERSION", value: "1.2" }],
      attempt: 1,
    });
  });

  it("retries a failure in a new run, up to retry:max", async () => {
    const { result, order, seen } = await run([
      { name: "flaky", stage: "build", exits: [1, 1, 0], retryMax: 2 },
    ]);
    expect(result.succeeded).toBe(true);
    expect(seen.get("flaky")?.map((i) => i.attempt)).toEqual([1, 2, 3]);
    expect(order.filter((o) => o.startsWith("end"))).toEqual([
      "end flaky failed retry",
      "end flaky failed retry",
      "end flaky success",
    ]);
  });

  it("an allowed failure keeps the pipeline green; exit_codes allow only those codes", async () => {
    const allowed = await run([
      { name: "lint", stage: "build", exits: [3], allowFailure: { exitCodes: [3] } },
      { name: "test", stage: "test" },
    ]);
    expect(allowed.result.succeeded).toBe(true);
    expect(allowed.result.results.get("lint")).toBe("allowed_failure");
    expect(allowed.result.results.get("test")).toBe("success");
    const notAllowed = await run([
      { name: "lint", stage: "build", exits: [4], allowFailure: { exitCodes: [3] } },
      { name: "test", stage: "test" },
    ]);
    expect(notAllowed.result.succeeded).toBe(false);
    expect(notAllowed.settled).toEqual([["test", "skipped"]]);
  });

  it("never runs more than `concurrency` jobs at once", async () => {
    const jobs = Array.from({ length: 6 }, (_, i) => ({ name: `j${String(i)}`, stage: "build" }));
    expect((await run(jobs, 2)).maxActive).toBe(2);
  });
});
