import { describe, expect, it } from "vitest";
import { RawNode } from "../raw/raw-node.js";
import { errorOf, load } from "./in-memory-project.fixture.js";

const one = (text: string) => load({ ".gitlab-ci.yml": text });

describe("extends", () => {
  it("merges as GitLab's documented rspec example: later parents win, hashes merge, arrays replaced", () => {
    const { value } = one(
      [
        ".only-important:",
        "  variables:",
        '    URL: "http://my-url.internal"',
        '    IMPORTANT_VAR: "the details"',
        "  rules:",
        "    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH",
        "  tags: [production]",
        "  script: ['echo \"Hello world!\"']",
        ".in-docker:",
        "  variables:",
        '    URL: "http://docker-url.internal"',
        "  tags: [docker]",
        "  image: alpine",
        "rspec:",
        "  variables:",
        '    GITLAB: "is-awesome"',
        "  extends:",
        "    - .only-important",
        "    - .in-docker",
        "  script: [rake rspec]",
      ].join("\n"),
    );
    expect(value["rspec"]).toEqual({
      variables: {
        URL: "http://docker-url.internal",
        IMPORTANT_VAR: "the details",
        GITLAB: "is-awesome",
      },
      rules: [{ if: "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH" }],
      tags: ["docker"],
      script: ["rake rspec"],
      image: "alpine",
    });
  });

  it("resolves multi-level chains and removes extends", () => {
    const { value } = one(
      [
        ".tests:",
        '  rules: [{if: $CI_PIPELINE_SOURCE == "push"}]',
        ".rspec:",
        "  extends: .tests",
        "  script: rake rspec",
        "rspec 1:",
        "  variables: {RSPEC_SUITE: '1'}",
        "  extends: .rspec",
      ].join("\n"),
    );
    expect(value["rspec 1"]).toEqual({
      rules: [{ if: '$CI_PIPELINE_SOURCE == "push"' }],
      script: "rake rspec",
      variables: { RSPEC_SUITE: "1" },
    });
    expect(value[".rspec"]).toEqual({
      rules: [{ if: '$CI_PIPELINE_SOURCE == "push"' }],
      script: "rake rspec",
    });
  });

  it("excludes a key with null and keeps {} merging (documented exclude example)", () => {
    const { value } = one(
      [
        ".base: {script: test, variables: {VAR1: base var 1}}",
        "test3: {extends: .base, variables: {}}",
        "test4: {extends: .base, variables: null}",
      ].join("\n"),
    );
    expect(value["test3"]).toEqual({ script: "test", variables: { VAR1: "base var 1" } });
    expect(value["test4"]).toEqual({ script: "test", variables: null });
  });

  it("extends a template from an included file, keeping its locations", () => {
    const { value, sourceMap } = load({
      ".gitlab-ci.yml":
        "include: included.yml\nuseTemplate:\n  image: alpine\n  extends: .template\n",
      "included.yml": ".template:\n  script:\n    - echo Hello!\n",
    });
    expect(value["useTemplate"]).toEqual({ script: ["echo Hello!"], image: "alpine" });
    const script = RawNode.root(value, sourceMap).child("useTemplate").child("script");
    expect(script.location).toEqual({ file: "included.yml", line: 2, column: 3 });
  });

  it("allows 11 levels and rejects 12", () => {
    const chain = (levels: number) =>
      Array.from({ length: levels }, (_, index) =>
        index === levels - 1 ? `.l${index}: {script: x}` : `.l${index}: {extends: .l${index + 1}}`,
      ).join("\n") + "\njob: {extends: .l0}\n";
    expect(one(chain(11)).value["job"]).toEqual({ script: "x" });
    expect(errorOf(() => one(chain(12)))).toMatch(/nesting too deep in extends/);
  });

  it("rejects unknown parents, non-map parents and cycles at the extends key", () => {
    expect(errorOf(() => one("job:\n  extends: .nope\n"))).toBe(
      '.gitlab-ci.yml:2:3: job:extends: unknown job or template ".nope" in extends',
    );
    expect(errorOf(() => one("stages: [a]\njob: {extends: stages}\n"))).toMatch(
      /"stages" cannot be extended: it is a list/,
    );
    expect(errorOf(() => one(".a: {extends: .b}\n.b: {extends: .a}\n"))).toMatch(
      /^\.gitlab-ci\.yml:1:6: \.a:extends: circular dependency in extends: \.a > \.b > \.a/,
    );
  });
});
