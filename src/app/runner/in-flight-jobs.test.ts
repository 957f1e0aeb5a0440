import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  forgetInFlight,
  inFlightDir,
  parseInFlight,
  readInFlight,
  recordInFlight,
} from "./in-flight-jobs.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const job = {
  runner: "ci-1",
  url: "http://127.0.0.1:1",
  jobId: 42,
  token: "glcbt-secret",
  startedAt: "2026-01-01T00:00:00.000Z",
  owner: { pid: 123, startTime: "456" },
};

describe("in-flight job records", () => {
  it("are written root-only, read back and forgotten", async () => {
    const root = mkdtempSync(join(tmpdir(), "airlock-inflight-"));
    dirs.push(root);
    await recordInFlight(root, job);
    const file = join(inFlightDir(root), "42.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(inFlightDir(root)).mode & 0o777).toBe(0o700);
    expect(await readInFlight(root)).toEqual({ jobs: [job], unreadable: [] });
    await forgetInFlight(root, 42);
    expect(readdirSync(inFlightDir(root))).toEqual([]);
  });

  it("report unreadable records instead of failing, and an absent dir as none", async () => {
    const root = mkdtempSync(join(tmpdir(), "airlock-inflight-"));
    dirs.push(root);
    expect(await readInFlight(root)).toEqual({ jobs: [], unreadable: [] });
    await recordInFlight(root, job);
    writeFileSync(join(inFlightDir(root), "7.json"), "{");
    const read = await readInFlight(root);
    expect(read.jobs).toEqual([job]);
    expect(read.unreadable).toEqual([join(inFlightDir(root), "7.json")]);
  });

  it("parse only complete records", () => {
    expect(parseInFlight(JSON.stringify(job))).toEqual(job);
    expect(parseInFlight(JSON.stringify({ ...job, jobId: "42" }))).toBeUndefined();
    expect(parseInFlight(JSON.stringify({ ...job, owner: { pid: 1 } }))).toBeUndefined();
    expect(parseInFlight("null")).toBeUndefined();
  });
});
