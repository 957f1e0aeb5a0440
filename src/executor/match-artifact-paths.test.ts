import { describe, expect, it } from "vitest";
import { matchArtifactPaths, type WorkspaceEntry } from "./match-artifact-paths.js";

const file = (path: string): WorkspaceEntry => ({ path, directory: false });
const dir = (path: string): WorkspaceEntry => ({ path, directory: true });

const workspace: readonly WorkspaceEntry[] = [
  dir("binaries"),
  file("binaries/app"),
  file("binaries/app.o"),
  dir("binaries/lib"),
  file("binaries/lib/x.o"),
  file("binaries/lib/x.so"),
  file("README.md"),
  file("report.xml"),
  dir(".git"),
  file(".git/HEAD"),
  dir("node_modules"),
  file("node_modules/pkg.js"),
];

describe("matchArtifactPaths", () => {
  it("includes a matched directory with everything below it", () => {
    const { paths, log } = matchArtifactPaths(workspace, ["binaries/"], []);
    expect(paths).toEqual([
      "binaries",
      "binaries/app",
      "binaries/app.o",
      "binaries/lib",
      "binaries/lib/x.o",
      "binaries/lib/x.so",
    ]);
    expect(log).toEqual(["binaries: found 6 matching artifact files and directories"]);
  });

  it("excludes with doublestar globs (GitLab's `binaries/**/*.o` example)", () => {
    const { paths, log } = matchArtifactPaths(workspace, ["binaries/"], ["binaries/**/*.o"]);
    expect(paths).toEqual(["binaries", "binaries/app", "binaries/lib", "binaries/lib/x.so"]);
    expect(log).toContain("binaries/**/*.o: excluded 2 files");
  });

  it("does not exclude recursively: excluding a directory keeps its files", () => {
    const { paths } = matchArtifactPaths(workspace, ["binaries/"], ["binaries/lib"]);
    expect(paths).toContain("binaries/lib/x.o");
    expect(paths).not.toContain("binaries/lib");
  });

  it("matches globs with *, ? and [...]", () => {
    expect(matchArtifactPaths(workspace, ["*.md"], []).paths).toEqual(["README.md"]);
    expect(matchArtifactPaths(workspace, ["report.xm?"], []).paths).toEqual(["report.xml"]);
    expect(matchArtifactPaths(workspace, ["[Rr]eport.*"], []).paths).toEqual(["report.xml"]);
    expect(matchArtifactPaths(workspace, ["**/*.so"], []).paths).toEqual(["binaries/lib/x.so"]);
  });

  it("warns, as the runner, when a path matches nothing", () => {
    const { paths, log } = matchArtifactPaths(workspace, ["missing/*.txt"], []);
    expect(paths).toEqual([]);
    expect(log).toEqual([
      "WARNING: missing/*.txt: no matching files. Ensure that the artifact path is relative to the working directory",
    ]);
  });

  it("rejects paths outside the project directory with a clear message", () => {
    const { paths, log } = matchArtifactPaths(workspace, ["../secrets", "/etc/*"], []);
    expect(paths).toEqual([]);
    expect(log).toEqual([
      "WARNING: processPath: artifact path is not a subpath of project directory: ../secrets",
      "WARNING: processPath: artifact path is not a subpath of project directory: /etc/*",
    ]);
  });

  it("adds untracked files, .gitignore'd ones included, but not .git itself", () => {
    const { paths, log } = matchArtifactPaths(workspace, [], [], {
      tracked: ["README.md", "binaries/app"],
    });
    expect(paths).toEqual([
      "binaries/app.o",
      "binaries/lib/x.o",
      "binaries/lib/x.so",
      "node_modules/pkg.js",
      "report.xml",
    ]);
    expect(log).toEqual(["untracked: found 5 files"]);
  });

  it("applies exclude to untracked files too", () => {
    const { paths } = matchArtifactPaths(workspace, [], ["node_modules/**"], {
      tracked: [],
    });
    expect(paths).not.toContain("node_modules/pkg.js");
  });

  it("takes `.` as the whole project directory", () => {
    expect(matchArtifactPaths(workspace, ["."], []).paths).toHaveLength(workspace.length);
  });
});
