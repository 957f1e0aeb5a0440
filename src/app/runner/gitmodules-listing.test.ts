import { describe, expect, it } from "vitest";
import { gitmodulesListing } from "./gitmodules-listing.js";

const a = "a".repeat(40);
const b = "b".repeat(40);

describe("gitmodulesListing", () => {
  it("pairs each gitlink with its .gitmodules name and URL", () => {
    const lsFiles = [
      `100644 ${b} 0\t.gitmodules`,
      `160000 ${a} 0\tlibs/one`,
      `160000 ${b} 0\tweird path\nwith newline`,
      `160000 ${a} 0\torphan`,
      "",
    ].join("\0");
    const config = [
      "submodule.one.path\nlibs/one",
      "submodule.one.url\n../one.git",
      "submodule.my.name.path\nweird path\nwith newline",
      "submodule.my.name.url\nhttps://x.invalid/y.git",
      "submodule.flag",
      "core.bare\nfalse",
      "",
    ].join("\0");
    expect(gitmodulesListing(lsFiles, config)).toEqual([
      { name: "one", path: "libs/one", url: "../one.git", sha: a },
      { name: "my.name", path: "weird path\nwith newline", url: "https://x.invalid/y.git", sha: b },
      { name: undefined, path: "orphan", url: undefined, sha: a },
    ]);
  });

  it("lists nothing for a tree without gitlinks", () => {
    expect(gitmodulesListing(`100644 ${a} 0\tREADME\0`, "")).toEqual([]);
  });
});
