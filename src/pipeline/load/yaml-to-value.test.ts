import { describe, expect, it } from "vitest";
import { RawNode } from "../raw/raw-node.js";
import { errorOf, load } from "./in-memory-project.fixture.js";

const one = (text: string) => load({ ".gitlab-ci.yml": text });

describe("YAML loading", () => {
  it("expands anchors and aliases into each job (GitLab yaml_optimization: anchors)", () => {
    const { value } = one(
      [
        ".job_template: &job_configuration",
        "  image: ruby:2.6",
        "  services:",
        "    - postgres",
        "test1:",
        "  <<: *job_configuration",
        "  script:",
        "    - test1 project",
      ].join("\n"),
    );
    expect(value["test1"]).toEqual({
      image: "ruby:2.6",
      services: ["postgres"],
      script: ["test1 project"],
    });
  });

  it("lets the job's own keys after <<: win, as in the documented tags example", () => {
    const { value } = one(
      [
        ".job_template: &job_configuration",
        "  script: [test project]",
        "  tags: [dev]",
        "test:postgres:",
        "  <<: *job_configuration",
        "  tags: [postgres]",
      ].join("\n"),
    );
    expect(value["test:postgres"]).toEqual({ script: ["test project"], tags: ["postgres"] });
  });

  it("merges a list of maps with earlier maps winning (YAML merge key spec)", () => {
    const { value } = one(
      ["a: &a {x: 1, y: 1}", "b: &b {y: 2, z: 2}", "c:", "  <<: [*a, *b]"].join("\n"),
    );
    expect(value["c"]).toEqual({ x: 1, y: 1, z: 2 });
  });

  it("keeps an aliased script list nested, for the model to flatten", () => {
    const { value } = one(
      [
        ".before: &before",
        "  - echo first",
        "job:",
        "  script:",
        "    - *before",
        "    - echo mine",
      ].join("\n"),
    );
    expect(value["job"]).toEqual({ script: [["echo first"], "echo mine"] });
  });

  it("reads scalars as Psych: yes/on are booleans, quoted ones strings, 0755 octal", () => {
    const { value } = one(
      [
        "job:",
        "  interruptible: yes",
        "  variables:",
        "    A: 'yes'",
        "    B: 0755",
        "    C: !!str 12",
      ].join("\n"),
    );
    expect(value["job"]).toEqual({ interruptible: true, variables: { A: "yes", B: 493, C: "12" } });
  });

  it("reports a syntax error with file:line:column", () => {
    expect(errorOf(() => one("job:\n  script: [a, b\n"))).toMatch(
      /^\.gitlab-ci\.yml:3:1: YAML syntax error: /,
    );
  });

  it("keeps the last of a duplicate key as GitLab (Psych) does, with a warning naming both lines", () => {
    const loaded = one("job:\n  script: a\n  script: b\n");
    expect(loaded.value).toEqual({ job: { script: "b" } });
    expect(loaded.warnings).toEqual([
      ".gitlab-ci.yml:3:3: job:script: duplicate key (first defined at line 2); the last value wins, as in GitLab",
    ]);
  });

  it("rejects unknown tags and a !reference that is not a list of keys", () => {
    expect(errorOf(() => one("job:\n  script: !foo bar\n"))).toMatch(
      /^\.gitlab-ci\.yml:2:16: job:script: unsupported YAML tag !foo on "bar"$/,
    );
    expect(errorOf(() => one("job:\n  script: !reference [1]\n"))).toMatch(
      /^\.gitlab-ci\.yml:2:22: job:script: !reference \[1\] is not valid/,
    );
  });

  it("rejects an alias used inside its own anchor", () => {
    expect(errorOf(() => one("a: &x\n  b: *x\n"))).toMatch(
      /alias \*x is used inside its own anchor/,
    );
  });

  it("rejects a top level that is not a map", () => {
    expect(errorOf(() => one("- a\n- b\n"))).toMatch(/expected a map of keys/);
  });

  it("records the location of maps, keys and list items", () => {
    const { value, sourceMap } = one("stages: [a]\njob:\n  script:\n    - echo 1\n    - echo 2\n");
    const script = RawNode.root(value, sourceMap).child("job").child("script");
    expect(script.location).toEqual({ file: ".gitlab-ci.yml", line: 3, column: 3 });
    expect(script.child(1).location).toEqual({ file: ".gitlab-ci.yml", line: 5, column: 7 });
    const job = value["job"] as object;
    expect(sourceMap.locationOfNode(job)).toEqual({ file: ".gitlab-ci.yml", line: 3, column: 3 });
  });

  it("gives values merged with <<: the anchor's locations", () => {
    const { value, sourceMap } = one(".t: &t\n  image: alpine\njob:\n  <<: *t\n  script: x\n");
    const image = RawNode.root(value, sourceMap).child("job").child("image");
    expect(image.location).toEqual({ file: ".gitlab-ci.yml", line: 2, column: 3 });
  });
});
