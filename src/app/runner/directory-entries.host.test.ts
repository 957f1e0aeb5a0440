import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { collectedFiles } from "./collected-files.host.js";
import { directoryEntries } from "./directory-entries.host.js";

describe("directoryEntries and collectedFiles", () => {
  let dir = "";
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "airlock-dir-entries-"));
    mkdirSync(join(dir, "a"));
    writeFileSync(join(dir, "a", "b"), "inner", { mode: 0o640 });
    writeFileSync(join(dir, "a-c"), "outer");
    symlinkSync("/etc/passwd", join(dir, "link"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("walks directories before their contents, names sorted, links left out", async () => {
    const entries = await directoryEntries(dir);
    expect(entries.map((e) => `${e.kind}:${e.path}`)).toEqual(["dir:a", "file:a/b", "file:a-c"]);
    const inner = entries[1];
    expect(inner?.kind === "file" ? inner.data.toString() : undefined).toBe("inner");
    expect(inner?.mode).toBe(0o640);
  });

  it("collectedFiles keeps only files, sorted by whole path", async () => {
    expect((await collectedFiles(dir)).map((f) => f.path)).toEqual(["a-c", "a/b"]);
  });

  it("is empty for a directory that does not exist", async () => {
    expect(await directoryEntries(join(dir, "missing"))).toEqual([]);
    expect(await collectedFiles(join(dir, "missing"))).toEqual([]);
  });
});
