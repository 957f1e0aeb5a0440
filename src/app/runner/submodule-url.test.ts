import { describe, expect, it } from "vitest";
import { resolveSubmoduleUrl, submoduleSource } from "./submodule-url.js";

const project = "https://gitlab-ci-token:secret@gitlab.example.com/grp/app.git";

describe("resolveSubmoduleUrl", () => {
  it("resolves ./ and ../ against the parent's origin as git does", () => {
    const origin = "https://gitlab.example.com/grp/app.git";
    expect(resolveSubmoduleUrl(origin, "../sub.git")).toBe(
      "https://gitlab.example.com/grp/sub.git",
    );
    expect(resolveSubmoduleUrl(origin, "../../other/lib.git")).toBe(
      "https://gitlab.example.com/other/lib.git",
    );
    expect(resolveSubmoduleUrl(origin, "./inner.git")).toBe(
      "https://gitlab.example.com/grp/app.git/inner.git",
    );
    expect(resolveSubmoduleUrl(`${origin}/`, "../sub.git")).toBe(
      "https://gitlab.example.com/grp/sub.git",
    );
    expect(resolveSubmoduleUrl("git@gitlab.example.com:grp/app.git", "../sub.git")).toBe(
      "git@gitlab.example.com:grp/sub.git",
    );
  });

  it("keeps absolute URLs as written", () => {
    expect(resolveSubmoduleUrl("https://a/b.git", "https://elsewhere.invalid/x.git")).toBe(
      "https://elsewhere.invalid/x.git",
    );
  });
});

describe("submoduleSource", () => {
  it("accepts the job's scheme, host and port only, without credentials", () => {
    expect(
      submoduleSource(project, "https://user:pw@gitlab.example.com/grp/sub.git#x", false),
    ).toEqual({ kind: "same-origin", url: "https://gitlab.example.com/grp/sub.git" });
    expect(submoduleSource(project, "https://gitlab.example.com:443/grp/sub.git", false).kind).toBe(
      "same-origin",
    );
    for (const url of [
      "http://gitlab.example.com/grp/sub.git",
      "https://gitlab.example.com:8443/grp/sub.git",
      "https://gitlab.example.com.evil.invalid/grp/sub.git",
      "https://169.254.169.254/latest/meta-data",
      "file:///etc/passwd",
      "git://gitlab.example.com/grp/sub.git",
      "ssh://git@gitlab.example.com/grp/sub.git",
      "git@gitlab.example.com:grp/sub.git",
      "/srv/repos/sub.git",
      "https://gitlab.example.com/grp/sub.git?x=1",
    ]) {
      expect(submoduleSource(project, url, false).kind, url).toBe("foreign");
    }
  });

  it("leaves no user or password in the URL it names", () => {
    expect(submoduleSource(project, "https://u:hunter2@other.invalid/x.git", false).url).toBe(
      "https://other.invalid/x.git",
    );
  });

  it("turns SSH URLs of GitLab's host into its scheme with GIT_SUBMODULE_FORCE_HTTPS", () => {
    expect(submoduleSource(project, "git@gitlab.example.com:grp/sub.git", true)).toEqual({
      kind: "same-origin",
      url: "https://gitlab.example.com/grp/sub.git",
    });
    expect(submoduleSource(project, "ssh://git@gitlab.example.com:2222/grp/sub.git", true)).toEqual(
      { kind: "same-origin", url: "https://gitlab.example.com/grp/sub.git" },
    );
    expect(submoduleSource(project, "git@other.invalid:grp/sub.git", true).kind).toBe("foreign");
  });
});
