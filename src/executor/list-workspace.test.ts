import { describe, expect, it } from "vitest";
import { parseListing } from "./list-workspace.js";

describe("parseListing", () => {
  it("reads files, then an empty record, then directories", () => {
    expect(parseListing("./a\0./d/b\0\0./d\0")).toEqual([
      { path: "a", directory: false },
      { path: "d/b", directory: false },
      { path: "d", directory: true },
    ]);
  });

  it("reads a workspace with no files", () => {
    expect(parseListing("\0./d\0")).toEqual([{ path: "d", directory: true }]);
  });

  it("keeps names with spaces and newlines whole", () => {
    expect(parseListing("./a b\nc\0\0")).toEqual([{ path: "a b\nc", directory: false }]);
  });
});
