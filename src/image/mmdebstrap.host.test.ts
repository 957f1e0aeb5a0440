import { describe, expect, it } from "vitest";
import { makeRecipe } from "./image-recipe.js";
import { mmdebstrapArgv } from "./mmdebstrap.host.js";

describe("mmdebstrapArgv", () => {
  it("builds a directory in unshare mode with the recipe's packages, apt options and sources", () => {
    const recipe = makeRecipe({
      packages: ["git", "bash"],
      mirror: "http://deb.debian.org/debian",
      securityMirror: "http://deb.debian.org/debian-security",
      aptOptions: ['Acquire::Check-Date "false"'],
    });
    expect(mmdebstrapArgv(recipe, "/s/images/.tmp-1-ab/rootfs")).toEqual([
      "mmdebstrap",
      "--mode=unshare",
      "--format=directory",
      "--variant=minbase",
      "--include=bash,git",
      '--aptopt=Acquire::Check-Date "false"',
      "bookworm",
      "/s/images/.tmp-1-ab/rootfs",
      "deb http://deb.debian.org/debian bookworm main",
      "deb http://deb.debian.org/debian bookworm-updates main",
      "deb http://deb.debian.org/debian-security bookworm-security main",
    ]);
  });

  it("omits --include for an empty package list", () => {
    const recipe = makeRecipe({
      packages: [],
      mirror: "http://m/debian",
      securityMirror: null,
      aptOptions: [],
    });
    expect(mmdebstrapArgv(recipe, "/t").some((a) => a.startsWith("--include"))).toBe(false);
  });
});
