import { describe, expect, it } from "vitest";
import { copyRoots } from "./copy-roots.js";
import type { WorkspaceEntry } from "./match-artifact-paths.js";

const entries: readonly WorkspaceEntry[] = [
  { path: "out", directory: true },
  { path: "out/a", directory: false },
  { path: "out/sub", directory: true },
  { path: "out/sub/b", directory: false },
  { path: "out/sub/c.o", directory: false },
  { path: "top", directory: false },
];

describe("copyRoots", () => {
  it("copies a wholly selected directory as one path", () => {
    expect(copyRoots(entries, ["out", "out/a", "out/sub", "out/sub/b", "out/sub/c.o"])).toEqual([
      "out",
    ]);
  });

  it("copies the selected entries of a directory with something left out", () => {
    expect(copyRoots(entries, ["out", "out/a", "out/sub", "out/sub/b", "top"])).toEqual([
      "out/a",
      "out/sub/b",
      "top",
    ]);
  });
});
