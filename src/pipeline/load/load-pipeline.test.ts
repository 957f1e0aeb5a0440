import { describe, expect, it } from "vitest";
import { errorOf, load } from "./in-memory-project.fixture.js";

const one = (text: string) => load({ ".gitlab-ci.yml": text });

describe("loadPipeline", () => {
  it("reports a missing entry file", () => {
    expect(errorOf(() => load({}))).toBe(".gitlab-ci.yml does not exist");
  });

  it("interpolates the entry file's own spec:inputs with their defaults", () => {
    const { value } = one(
      "spec:\n  inputs:\n    stage:\n      default: test\n---\njob:\n  stage: $[[ inputs.stage ]]\n  script: x\n",
    );
    expect(value).toEqual({ job: { stage: "test", script: "x" } });
    expect(errorOf(() => one("spec:\n  inputs:\n    stage:\n---\njob: {script: x}\n"))).toBe(
      '.gitlab-ci.yml:3:5: spec:inputs:stage: input "stage" is required by .gitlab-ci.yml (it has no default) but was not given',
    );
  });

  it("lets a merged key overwrite an earlier explicit one, as Psych does (write <<: first)", () => {
    const { value } = one(".t: &t {image: from-anchor}\njob:\n  image: explicit\n  <<: *t\n");
    expect(value["job"]).toEqual({ image: "from-anchor" });
  });

  it("keeps <<: with a scalar value as an ordinary key, like Psych", () => {
    expect(one("job: {'<<': plain}\n").value["job"]).toEqual({ "<<": "plain" });
  });

  it("runs include, then extends, then !reference across files", () => {
    const { value } = load({
      ".gitlab-ci.yml":
        "include: ci/*.yml\nbuild:\n  extends: .base\n  script:\n    - !reference [.snippets, setup]\n    - make\n",
      "ci/base.yml": ".base: {image: gcc, variables: {CC: gcc}}\n",
      "ci/snippets.yml": ".snippets: {setup: [apt-get update]}\n",
    });
    expect(value["build"]).toEqual({
      image: "gcc",
      variables: { CC: "gcc" },
      script: [["apt-get update"], "make"],
    });
  });

  it("rejects include:rules:changes, which needs a push to compare with", () => {
    expect(
      errorOf(() => one("include:\n  - local: a.yml\n    rules:\n      - changes: [Dockerfile]\n")),
    ).toMatch(
      /^\.gitlab-ci\.yml:4:9: include:0:rules:0:changes: include:rules:changes is not supported/,
    );
  });

  it("rejects include paths that leave the project", () => {
    expect(errorOf(() => one("include: ../other/ci.yml\n"))).toMatch(/leaves the project/);
  });

  it("rejects more than two YAML documents and a second document without spec", () => {
    expect(errorOf(() => one("a: 1\n---\nb: 2\n---\nc: 3\n"))).toMatch(
      /expected at most 2 YAML documents/,
    );
    expect(errorOf(() => one("a: 1\n---\nb: 2\n"))).toMatch(/must be a spec: header/);
  });

  it("rejects !reference in extends", () => {
    expect(
      errorOf(() => one(".a: {x: .b}\n.b: {script: x}\njob: {extends: !reference [.a, x]}\n")),
    ).toMatch(/cannot be used in extends/);
  });
});
