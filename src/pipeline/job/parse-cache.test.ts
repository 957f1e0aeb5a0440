import { describe, expect, it } from "vitest";
import { jobNode, pipelineFailure } from "./job-node.fixture.js";
import { parseCache } from "./parse-cache.js";

describe("parseCache", () => {
  it("applies GitLab's defaults: key default, pull-push, on_success", () => {
    expect(parseCache(jobNode("cache", { paths: ["vendor/"] }))).toEqual([
      {
        key: { kind: "text", text: "default" },
        paths: ["vendor/"],
        untracked: false,
        unprotect: false,
        policy: "pull-push",
        when: "on_success",
        fallbackKeys: [],
      },
    ]);
  });

  it("reads every documented key", () => {
    const [cache] = parseCache(
      jobNode("cache", {
        key: "gems-$CI_COMMIT_REF_SLUG",
        paths: ["rspec/"],
        untracked: true,
        unprotect: true,
        policy: "pull",
        when: "always",
        fallback_keys: ["gems"],
      }),
    );
    expect(cache).toEqual({
      key: { kind: "text", text: "gems-$CI_COMMIT_REF_SLUG" },
      paths: ["rspec/"],
      untracked: true,
      unprotect: true,
      policy: "pull",
      when: "always",
      fallbackKeys: ["gems"],
    });
  });

  it("reads key:files with a prefix, and key:files_commits", () => {
    const [files] = parseCache(
      jobNode("cache", {
        key: { files: ["Gemfile.lock"], prefix: "$CI_JOB_NAME" },
        paths: ["vendor/ruby"],
      }),
    );
    expect(files?.key).toEqual({
      kind: "files",
      basis: "content",
      files: ["Gemfile.lock"],
      prefix: "$CI_JOB_NAME",
    });
    const [commits] = parseCache(
      jobNode("cache", { key: { files_commits: ["package.json", "yarn.lock"] } }),
    );
    expect(commits?.key).toEqual({
      kind: "files",
      basis: "commits",
      files: ["package.json", "yarn.lock"],
      prefix: undefined,
    });
  });

  it("allows at most two key files", () => {
    const error = pipelineFailure(() =>
      parseCache(jobNode("cache", { key: { files: ["a", "b", "c"] } })),
    );
    expect(error.message).toBe("test:cache:key:files: expected one or 2 file paths, got 3");
  });

  it("refuses files with files_commits, and a key map without files", () => {
    expect(
      pipelineFailure(() =>
        parseCache(jobNode("cache", { key: { files: ["a"], files_commits: ["b"] } })),
      ).message,
    ).toContain("expected either files: or files_commits:");
    expect(
      pipelineFailure(() => parseCache(jobNode("cache", { key: { prefix: "x" } }))).message,
    ).toContain("test:cache:key: expected files: or files_commits:");
  });

  it("refuses the forbidden keys", () => {
    for (const key of ["a/b", "a%2Fb", "a%2fb", ".", "..", "%2E%2E"]) {
      expect(pipelineFailure(() => parseCache(jobNode("cache", { key }))).message).toContain(
        "test:cache:key:",
      );
    }
    expect(parseCache(jobNode("cache", { key: "v1.2" }))[0]?.key).toEqual({
      kind: "text",
      text: "v1.2",
    });
  });

  it("reads a list of up to four caches, and [] as no cache", () => {
    const four = [{ key: "a" }, { key: "b" }, { key: "c" }, { key: "d" }];
    expect(parseCache(jobNode("cache", four))).toHaveLength(4);
    expect(
      pipelineFailure(() => parseCache(jobNode("cache", [...four, { key: "e" }]))).message,
    ).toBe("test:cache: expected at most 4 caches, got 5");
    expect(parseCache(jobNode("cache", []))).toEqual([]);
  });

  it("keeps a policy that holds a variable for later, and refuses others", () => {
    const [cache] = parseCache(jobNode("cache", { policy: "$POLICY" }));
    expect(cache?.policy).toMatchObject({ expression: "$POLICY" });
    expect(
      pipelineFailure(() => parseCache(jobNode("cache", { policy: "pull-only" }))).message,
    ).toBe(
      'test:cache:policy: expected one of pull, push, pull-push or a CI/CD variable, got "pull-only"',
    );
  });

  it("rejects unknown cache keys and when values", () => {
    expect(pipelineFailure(() => parseCache(jobNode("cache", { pahts: [] }))).fix).toBe(
      'Did you mean "paths"?',
    );
    expect(
      pipelineFailure(() => parseCache(jobNode("cache", { when: "manual" }))).message,
    ).toContain("test:cache:when: expected one of on_success, on_failure, always");
  });
});
