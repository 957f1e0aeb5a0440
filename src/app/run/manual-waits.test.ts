import { describe, expect, it } from "vitest";
import type { PlannedJob } from "../../pipeline/model/planned-job.js";
import type { PlanJob, PlanResult } from "../../pipeline/plan/plan-job.js";
import { checkManualJobs } from "./manual-job-check.js";
import { manualWaits } from "./manual-waits.js";

/** Only `plan` is read by the functions under test. */
const job = (plan: Partial<PlanJob> & { readonly name: string }): PlannedJob =>
  ({ plan: { stage: "test", needs: undefined, when: "on_success", ...plan } }) as PlannedJob;

describe("manualWaits", () => {
  const deploy = job({ name: "deploy", when: "manual" });
  const gate = job({ name: "gate", when: "manual", blocking: true });
  const after = job({ name: "after", needs: [{ job: "deploy", optional: false }] });
  const results = (entries: [string, PlanResult][]) => new Map(entries);

  it("names a non-blocking manual job a blocked job needs, without blocking the pipeline", () => {
    const waits = manualWaits(
      [deploy, after],
      results([
        ["deploy", "manual"],
        ["after", "blocked"],
      ]),
    );
    expect(waits).toEqual({ waitingFor: ["deploy"], blocked: false });
  });

  it("a blocking manual job blocks the pipeline when a job waits", () => {
    const waits = manualWaits(
      [gate, after],
      results([
        ["gate", "manual"],
        ["after", "blocked"],
      ]),
    );
    expect(waits).toEqual({ waitingFor: ["gate"], blocked: true });
  });

  it("nothing waits when no job is blocked", () => {
    expect(manualWaits([deploy], results([["deploy", "manual"]]))).toEqual({
      waitingFor: [],
      blocked: false,
    });
  });
});

describe("checkManualJobs", () => {
  const jobs = [job({ name: "deploy", when: "manual" }), job({ name: "build" })];

  it("accepts manual jobs, refuses unknown and non-manual names with the manual jobs as fix", () => {
    expect(() => checkManualJobs(["deploy"], jobs)).not.toThrow();
    expect(() => checkManualJobs(["nope"], jobs)).toThrow(/no job named "nope"/);
    expect(() => checkManualJobs(["build"], jobs)).toThrow(/build is not a manual job/);
    try {
      checkManualJobs(["build"], jobs);
    } catch (error: unknown) {
      expect(error).toMatchObject({ code: "AIRLOCK_E_USAGE", fix: "manual jobs: deploy" });
    }
  });
});
