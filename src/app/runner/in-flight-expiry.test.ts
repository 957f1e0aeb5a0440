import { describe, expect, it } from "vitest";
import { inFlightExpiry, inFlightMaxAgeMs } from "./in-flight-expiry.js";

const job = {
  runner: "ci-1",
  url: "http://127.0.0.1:1",
  jobId: 42,
  token: "glcbt-secret",
  startedAt: "2026-01-01T00:00:00.000Z",
  owner: { pid: 123, startTime: "456" },
};
const started = Date.parse(job.startedAt);

describe("inFlightExpiry", () => {
  it("keeps a record for a day after the job started, then gives it up", () => {
    expect(inFlightExpiry(job, started + 60_000)).toBeUndefined();
    expect(inFlightExpiry(job, started + inFlightMaxAgeMs)).toBeUndefined();
    expect(inFlightExpiry(job, started + inFlightMaxAgeMs + 3_600_000)).toBe(
      "it started 25 h ago (more than 24 h)",
    );
  });

  it("gives up a record whose start is not a date", () => {
    expect(inFlightExpiry({ ...job, startedAt: "yesterday" }, started)).toBe(
      'its start time "yesterday" is not a date',
    );
  });
});
