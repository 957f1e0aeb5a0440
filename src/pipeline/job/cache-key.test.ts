import { describe, expect, it } from "vitest";
import { cacheKey, type CacheKeyPorts } from "./cache-key.js";
import { jobNode, pipelineFailure } from "./job-node.fixture.js";
import { parseCache } from "./parse-cache.js";

const variables: Record<string, string> = {
  CI_JOB_NAME: "rspec",
  CI_COMMIT_REF_SLUG: "main",
  BRANCH: "feature/x",
};
const expand = (text: string) =>
  text.replace(/\$\{?(\w+)\}?/g, (_, name: string) => variables[name] ?? "");

function keyOf(cache: unknown, digest: string | null = "feef9576d21ee9b6a32e30c5c79d0a0ceb68d1e5") {
  const seen: unknown[] = [];
  const ports: CacheKeyPorts = {
    expand,
    filesDigest: (files, basis) => {
      seen.push([files, basis]);
      return digest ?? undefined;
    },
  };
  const [config] = parseCache(jobNode("cache", cache));
  if (config === undefined) throw new Error("no cache");
  return { key: cacheKey(config, ports), seen };
}

describe("cacheKey", () => {
  it("is default without a key", () => {
    expect(keyOf({ paths: ["a"] }).key).toBe("default");
  });

  it("expands variables in a text key", () => {
    expect(keyOf({ key: "binaries-cache-$CI_COMMIT_REF_SLUG" }).key).toBe("binaries-cache-main");
  });

  it("joins the expanded prefix and the files' digest with -", () => {
    const { key, seen } = keyOf({ key: { files: ["Gemfile.lock"], prefix: "$CI_JOB_NAME" } });
    expect(key).toBe("rspec-feef9576d21ee9b6a32e30c5c79d0a0ceb68d1e5");
    expect(seen).toEqual([[["Gemfile.lock"], "content"]]);
  });

  it("falls back to default (after the prefix) when no file exists", () => {
    expect(keyOf({ key: { files: ["Gemfile.lock"], prefix: "$CI_JOB_NAME" } }, null).key).toBe(
      "rspec-default",
    );
    expect(keyOf({ key: { files: ["Gemfile.lock"] } }, null).key).toBe("default");
  });

  it("asks for a commit digest for files_commits", () => {
    expect(keyOf({ key: { files_commits: ["package.json"] } }).seen).toEqual([
      [["package.json"], "commits"],
    ]);
  });

  it("refuses a key that expands to a slash", () => {
    const error = pipelineFailure(() => keyOf({ key: "$BRANCH" }));
    expect(error.message).toBe(
      'cache:key: a cache key may not contain "/" or "%2F", got "feature/x"',
    );
  });
});
