import { describe, expect, it } from "vitest";
import { refspecSource } from "./mirror-refspec.js";

describe("refspecSource", () => {
  it("names the remote ref of GitLab's refspecs", () => {
    expect(refspecSource("+refs/heads/main:refs/remotes/origin/main")).toBe("refs/heads/main");
    expect(refspecSource("+refs/pipelines/77:refs/pipelines/77")).toBe("refs/pipelines/77");
    expect(refspecSource("refs/merge-requests/5/head:refs/remotes/origin/mr")).toBe(
      "refs/merge-requests/5/head",
    );
    expect(refspecSource("+refs/tags/v1.2.3:refs/tags/v1.2.3")).toBe("refs/tags/v1.2.3");
  });

  it("refuses anything that is not a plain ref name", () => {
    expect(refspecSource("+refs/heads/*:refs/remotes/origin/*")).toBeUndefined();
    expect(refspecSource("+refs/heads/../../config:x")).toBeUndefined();
    expect(refspecSource("a".repeat(40))).toBeUndefined();
    expect(refspecSource("--upload-pack=touch /tmp/x")).toBeUndefined();
  });
});
