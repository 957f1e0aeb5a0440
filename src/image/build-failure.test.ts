import { describe, expect, it } from "vitest";
import { explainBuildFailure, logTail } from "./build-failure.js";
import { makeRecipe } from "./image-recipe.js";

const recipe = makeRecipe({
  packages: ["bash"],
  mirror: "http://deb.debian.org/debian",
  securityMirror: null,
  aptOptions: [],
});

describe("explainBuildFailure", () => {
  it("names a package that does not exist", () => {
    const log = [
      "I: installing remaining packages inside the chroot...",
      "Reading package lists...",
      "E: Unable to locate package nonexistent-pkg-xyz",
      "E: setup failed: E: apt-get ... install bash nonexistent-pkg-xyz ... failed",
      "E: mmdebstrap failed to run",
    ].join("\n");
    const { summary, fix } = explainBuildFailure(log, recipe, "ci");
    expect(summary).toBe(
      'package "nonexistent-pkg-xyz" does not exist in Debian bookworm (http://deb.debian.org/debian)',
    );
    expect(fix).toContain("airlock image build ci");
  });

  it("names several missing packages once each", () => {
    const log =
      "E: Unable to locate package aa1\nE: Unable to locate package bb2\nE: Unable to locate package aa1\n";
    expect(explainBuildFailure(log, recipe, "x").summary).toMatch(
      /^packages "aa1", "bb2" do not exist/,
    );
  });

  it("recognises an unreachable mirror, an expired Release file and a full disk", () => {
    expect(
      explainBuildFailure(
        "W: Failed to fetch http://x  Temporary failure resolving 'deb.debian.org'",
        recipe,
        "x",
      ).summary,
    ).toMatch(/could not be reached/);
    expect(
      explainBuildFailure(
        "E: Release file for http://x/InRelease is expired (invalid since 3d)",
        recipe,
        "x",
      ).fix,
    ).toMatch(/Check-Valid-Until/);
    expect(
      explainBuildFailure("tar: write error: No space left on device", recipe, "x").fix,
    ).toMatch(/image gc/);
  });

  it("falls back to a generic explanation", () => {
    expect(explainBuildFailure("E: something odd", recipe, "x").summary).toBe("mmdebstrap failed");
  });
});

describe("logTail", () => {
  it("keeps the last non-empty lines", () => {
    expect(logTail("a\n\nb\nc\n\n", 2)).toBe("b\nc");
  });
});
