import { describe, expect, it } from "vitest";
import { buildGraph } from "./build-graph.js";
import type { PlanJob } from "./plan-job.js";

const job = (name: string, stage: string, needs?: PlanJob["needs"]): PlanJob => ({
  name,
  stage,
  needs,
  when: "on_success",
});
const stages = ["build", "test", "deploy"];

describe("buildGraph", () => {
  it("without needs, a job waits for every job of every earlier stage", () => {
    const graph = buildGraph(
      [job("b1", "build"), job("b2", "build"), job("t", "test"), job("d", "deploy")],
      stages,
    );
    expect(graph.get("b1")).toEqual([]);
    expect(graph.get("t")).toEqual(["b1", "b2"]);
    expect(graph.get("d")).toEqual(["b1", "b2", "t"]);
  });

  it("needs replace the stage order; `needs: []` starts at once", () => {
    const graph = buildGraph(
      [
        job("b1", "build"),
        job("b2", "build"),
        job("t", "test", [{ job: "b2", optional: false }]),
        job("d", "deploy", []),
      ],
      stages,
    );
    expect(graph.get("t")).toEqual(["b2"]);
    expect(graph.get("d")).toEqual([]);
  });

  it("a need in the same stage is allowed", () => {
    const graph = buildGraph(
      [job("a", "test"), job("b", "test", [{ job: "a", optional: false }])],
      stages,
    );
    expect(graph.get("b")).toEqual(["a"]);
  });

  it("an optional need of a missing job is dropped; a required one is an error", () => {
    const optional = buildGraph([job("t", "test", [{ job: "gone", optional: true }])], stages);
    expect(optional.get("t")).toEqual([]);
    expect(() =>
      buildGraph([job("t", "test", [{ job: "gone", optional: false }])], stages),
    ).toThrow(/t:needs: job "gone" is not in the pipeline/);
  });

  it("a need in a later stage is GitLab's 'not defined in current or prior stages'", () => {
    expect(() =>
      buildGraph([job("b", "build", [{ job: "d", optional: false }]), job("d", "deploy")], stages),
    ).toThrow(/b:needs: need d is not defined in current or prior stages/);
  });

  it("a cycle is named", () => {
    expect(() =>
      buildGraph(
        [
          job("a", "test", [{ job: "c", optional: false }]),
          job("b", "test", [{ job: "a", optional: false }]),
          job("c", "test", [{ job: "b", optional: false }]),
        ],
        stages,
      ),
    ).toThrow(/cycle: a -> c -> b -> a/);
  });
});
