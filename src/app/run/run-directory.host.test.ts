import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { pruneFinishedRuns } from "./run-directory.host.js";

describe("pruneFinishedRuns", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("keeps the newest finished runs and every run still in progress", () => {
    const runs = mkdtempSync(join(tmpdir(), "airlock-runs-"));
    dirs.push(runs);
    for (const id of [1, 2, 3, 4, 5, 10])
      mkdirSync(join(runs, String(id), "artifacts"), { recursive: true });
    // Run 2 is still in progress: its source snapshot is there.
    mkdirSync(join(runs, "2", "source"));
    mkdirSync(join(runs, "not-a-run"));
    const removed = pruneFinishedRuns(runs, 3);
    expect(removed.map((d) => d.slice(runs.length + 1))).toEqual(["3", "1"]);
    expect(readdirSync(runs).sort()).toEqual(["10", "2", "4", "5", "not-a-run"]);
  });
});
