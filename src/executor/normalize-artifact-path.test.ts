import { describe, expect, it } from "vitest";
import { normalizeArtifactPath } from "./normalize-artifact-path.js";

describe("normalizeArtifactPath", () => {
  it("cleans the literal part and keeps the glob part", () => {
    expect(normalizeArtifactPath("./build/../dist/**/*.js")).toEqual({
      ok: true,
      path: "dist/**/*.js",
    });
    expect(normalizeArtifactPath("build/")).toEqual({ ok: true, path: "build" });
  });

  it("refuses a path that leaves the project directory", () => {
    expect(normalizeArtifactPath("../x")).toEqual({
      ok: false,
      message: "artifact path is not a subpath of project directory: ../x",
    });
    expect(normalizeArtifactPath("a/../../x/*").ok).toBe(false);
  });

  it("refuses an absolute path", () => {
    expect(normalizeArtifactPath("/etc/passwd")).toEqual({
      ok: false,
      message: "artifact path is not a subpath of project directory: /etc/passwd",
    });
  });

  it("keeps a path that only passes through a parent inside the project", () => {
    expect(normalizeArtifactPath("a/../b")).toEqual({ ok: true, path: "b" });
  });
});
