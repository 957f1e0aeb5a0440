import { describe, expect, it } from "vitest";
import { buildGraph } from "./build-graph.js";
import type { PlanJob, PlanWhen } from "./plan-job.js";
import { PipelineSchedule } from "./pipeline-schedule.js";

const job = (
  name: string,
  stage: string,
  needs?: string[],
  when: PlanWhen = "on_success",
): PlanJob => ({
  name,
  stage,
  needs: needs?.map((n) => ({ job: n, optional: false })),
  when,
});
const stages = ["build", "test", "deploy"];
const schedule = (jobs: PlanJob[], manual: string[] = []) =>
  new PipelineSchedule(jobs, buildGraph(jobs, stages), new Set(manual));
const names = (jobs: readonly PlanJob[]) => jobs.map((j) => j.name);

describe("PipelineSchedule", () => {
  it("starts a job the moment its needs are met, not when its stage is", () => {
    const s = schedule([
      job("slow", "build"),
      job("fast", "build"),
      job("after-fast", "test", ["fast"]),
      job("stage-order", "test"),
    ]);
    expect(names(s.startable())).toEqual(["slow", "fast"]);
    s.finish("fast", "success");
    expect(names(s.startable())).toEqual(["after-fast"]);
    s.finish("after-fast", "success");
    expect(names(s.startable())).toEqual([]);
    s.finish("slow", "success");
    expect(names(s.startable())).toEqual(["stage-order"]);
    s.finish("stage-order", "success");
    expect(s.done).toBe(true);
  });

  it("a failure skips on_success successors transitively and starts on_failure ones", () => {
    const s = schedule([
      job("build", "build"),
      job("test", "test"),
      job("deploy", "deploy"),
      job("cleanup", "deploy", undefined, "on_failure"),
    ]);
    expect(names(s.startable())).toEqual(["build"]);
    s.finish("build", "failed");
    expect(names(s.startable())).toEqual(["cleanup"]);
    expect(s.resultByJob.get("test")).toBe("skipped");
    expect(s.resultByJob.get("deploy")).toBe("skipped");
  });

  it("an allowed failure lets later stages run", () => {
    const s = schedule([job("lint", "build"), job("test", "test")]);
    s.startable();
    s.finish("lint", "allowed_failure");
    expect(names(s.startable())).toEqual(["test"]);
  });

  it("manual jobs are left for the user unless named, and do not block on_success jobs", () => {
    const s = schedule([job("deploy", "build", undefined, "manual"), job("after", "test")]);
    expect(names(s.startable())).toEqual(["after"]);
    expect(s.resultByJob.get("deploy")).toBe("manual");
    const started = schedule([job("deploy", "build", undefined, "manual")], ["deploy"]);
    expect(names(started.startable())).toEqual(["deploy"]);
  });

  it("a blocking manual job holds the later stages; a job needing a manual job waits for it", () => {
    const jobs: PlanJob[] = [
      { ...job("deploy", "build", undefined, "manual"), blocking: true },
      job("after", "test"),
      job("smoke", "build", ["deploy"]),
    ];
    const s = schedule(jobs);
    expect(names(s.startable())).toEqual([]);
    expect(s.resultByJob.get("deploy")).toBe("manual");
    expect(s.resultByJob.get("after")).toBe("blocked");
    expect(s.resultByJob.get("smoke")).toBe("blocked");
    expect(s.done).toBe(true);
    const started = schedule(jobs, ["deploy"]);
    expect(names(started.startable())).toEqual(["deploy"]);
    started.finish("deploy", "success");
    expect(names(started.startable())).toEqual(["smoke"]); // `after` also waits for smoke
    started.finish("smoke", "success");
    expect(names(started.startable())).toEqual(["after"]);
  });

  it("each job is handed out once", () => {
    const s = schedule([job("a", "build")]);
    expect(names(s.startable())).toEqual(["a"]);
    expect(names(s.startable())).toEqual([]);
    expect(s.done).toBe(false);
  });
});
