import { describe, expect, it } from "vitest";
import { RawNode } from "../raw/raw-node.js";
import { errorOf, load } from "./in-memory-project.fixture.js";

const one = (text: string) => load({ ".gitlab-ci.yml": text });

describe("!reference", () => {
  it("reuses scripts across included files, nesting the referenced list (documented example)", () => {
    const { value } = load({
      ".gitlab-ci.yml": [
        "include:",
        "  - local: setup.yml",
        ".teardown:",
        "  after_script:",
        "    - echo deleting environment",
        "test:",
        "  script:",
        "    - !reference [.setup, script]",
        "    - echo running my own command",
        "  after_script:",
        "    - !reference [.teardown, after_script]",
      ].join("\n"),
      "setup.yml": ".setup:\n  script:\n    - echo creating environment\n",
    });
    expect(value["test"]).toEqual({
      script: [["echo creating environment"], "echo running my own command"],
      after_script: [["echo deleting environment"]],
    });
  });

  it("references whole variable maps and single variables", () => {
    const { value } = one(
      [
        ".vars:",
        "  variables:",
        '    URL: "http://my-url.internal"',
        '    IMPORTANT_VAR: "the details"',
        "test-vars-1:",
        "  variables: !reference [.vars, variables]",
        "test-vars-2:",
        "  variables:",
        "    MY_VAR: !reference [.vars, variables, IMPORTANT_VAR]",
      ].join("\n"),
    );
    expect(value["test-vars-1"]).toEqual({
      variables: { URL: "http://my-url.internal", IMPORTANT_VAR: "the details" },
    });
    expect(value["test-vars-2"]).toEqual({ variables: { MY_VAR: "the details" } });
  });

  it("resolves nested references (documented .snippets example)", () => {
    const { value } = one(
      [
        ".snippets:",
        "  one:",
        '    - echo "ONE!"',
        "  two:",
        "    - !reference [.snippets, one]",
        '    - echo "TWO!"',
        "  three:",
        "    - !reference [.snippets, two]",
        '    - echo "THREE!"',
        "nested-references:",
        "  script:",
        "    - !reference [.snippets, three]",
      ].join("\n"),
    );
    expect(value["nested-references"]).toEqual({
      script: [[[['echo "ONE!"'], 'echo "TWO!"'], 'echo "THREE!"']],
    });
  });

  it("resolves references in rules and after extends (GitLab resolves them last)", () => {
    const { value } = one(
      [
        ".base: {rules: [{if: $A}]}",
        ".mid: {extends: .base}",
        "job:",
        "  script: x",
        "  rules:",
        "    - !reference [.mid, rules]",
      ].join("\n"),
    );
    expect(value["job"]).toEqual({ script: "x", rules: [[{ if: "$A" }]] });
  });

  it("lets a child's !reference replace a parent's map in extends (it is opaque until the end)", () => {
    const { value } = one(
      [
        ".vars: {variables: {A: a}}",
        ".base: {variables: {B: b}}",
        "job: {extends: .base, variables: !reference [.vars, variables]}",
      ].join("\n"),
    );
    expect(value["job"]).toEqual({ variables: { A: "a" } });
  });

  it("reports an unknown target naming the reference, at the tag", () => {
    expect(errorOf(() => one("job:\n  script:\n    - !reference [.setup, script]\n"))).toBe(
      '.gitlab-ci.yml:3:18: job:script:0: !reference [".setup", "script"] could not be found',
    );
  });

  it("reports circular references", () => {
    expect(errorOf(() => one("a: !reference [b]\nb: !reference [a]\n"))).toMatch(
      /is part of a circular chain/,
    );
  });

  it("allows 10 nested levels and rejects 11", () => {
    const chain = (levels: number) =>
      [".s:", "  l0: [echo]"]
        .concat(
          Array.from(
            { length: levels - 1 },
            (_, index) => `  l${index + 1}: [!reference [.s, l${index}]]`,
          ),
        )
        .concat([`job: {script: [!reference [.s, l${levels - 1}]]}`])
        .join("\n");
    expect(() => one(chain(10))).not.toThrow();
    expect(errorOf(() => one(chain(11)))).toMatch(
      /nested too deep \(11 levels\); GitLab allows 10 levels/,
    );
  });

  it("gives referenced values the location they were written at", () => {
    const { value, sourceMap } = load({
      ".gitlab-ci.yml": "include: setup.yml\njob:\n  script:\n    - !reference [.setup, script]\n",
      "setup.yml": ".setup:\n  script:\n    - echo a\n",
    });
    const item = RawNode.root(value, sourceMap).child("job").child("script").child(0).child(0);
    expect(item.location).toEqual({ file: "setup.yml", line: 3, column: 7 });
  });

  it("cannot be used inside include", () => {
    expect(errorOf(() => one(".f: {x: a.yml}\ninclude: !reference [.f, x]\n"))).toMatch(
      /cannot be used in include: GitLab resolves !reference after includes/,
    );
  });
});
