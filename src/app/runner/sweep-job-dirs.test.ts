import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { sweepJobDirs } from "./sweep-job-dirs.js";

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe("sweepJobDirs", () => {
  it("removes the work dirs of jobs no live runner runs, and keeps the live ones", async () => {
    const root = mkdtempSync(join(tmpdir(), "airlock-sweep-jobs-"));
    roots.push(root);
    for (const name of ["12-aaa", "12-bbb", "40-ccc", "stray"]) {
      mkdirSync(join(root, "jobs", name, "source"), { recursive: true });
      writeFileSync(join(root, "jobs", name, "source", "secret"), "x");
    }
    const removed = await sweepJobDirs(root, new Set([40]));
    expect(removed.map((p) => p.slice(root.length)).sort()).toEqual([
      "/jobs/12-aaa",
      "/jobs/12-bbb",
      "/jobs/stray",
    ]);
    expect(readdirSync(join(root, "jobs"))).toEqual(["40-ccc"]);
  });

  it("finds nothing to do without a jobs dir", async () => {
    const root = mkdtempSync(join(tmpdir(), "airlock-sweep-jobs-"));
    roots.push(root);
    expect(await sweepJobDirs(root, new Set())).toEqual([]);
  });
});
