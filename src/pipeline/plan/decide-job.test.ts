import { describe, expect, it } from "vitest";
import { decideJob } from "./decide-job.js";

describe("decideJob", () => {
  it("waits until every predecessor is final", () => {
    expect(decideJob("always", ["success", undefined], false)).toBe("wait");
  });

  it("on_success runs after successes, allowed failures, skipped and manual jobs", () => {
    expect(
      decideJob("on_success", ["success", "allowed_failure", "skipped", "manual"], false),
    ).toBe("run");
    expect(decideJob("on_success", [], false)).toBe("run");
  });

  it("on_success is skipped after a failure or a cancel", () => {
    expect(decideJob("on_success", ["success", "failed"], false)).toBe("skip");
    expect(decideJob("on_success", ["canceled"], false)).toBe("skip");
  });

  it("on_failure runs only after a failure", () => {
    expect(decideJob("on_failure", ["failed", "success"], false)).toBe("run");
    expect(decideJob("on_failure", ["allowed_failure"], false)).toBe("skip");
    expect(decideJob("on_failure", [], false)).toBe("skip");
  });

  it("always runs whatever happened", () => {
    expect(decideJob("always", ["failed", "canceled"], false)).toBe("run");
  });

  it("manual waits for the user unless asked to start", () => {
    expect(decideJob("manual", ["success"], false)).toBe("manual");
    expect(decideJob("manual", ["success"], true)).toBe("run");
    expect(decideJob("manual", ["failed"], true)).toBe("skip");
  });
});
