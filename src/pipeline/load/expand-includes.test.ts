import { describe, expect, it } from "vitest";
import { RawNode } from "../raw/raw-node.js";
import { errorOf, load } from "./in-memory-project.fixture.js";

describe("include", () => {
  it("deep-merges as GitLab's documented example: maps merge, arrays and scalars are replaced", () => {
    const { value } = load({
      ".gitlab-ci.yml": [
        "include: 'common.yml'",
        "variables:",
        "  POSTGRES_USER: username",
        "test:",
        "  rules:",
        '    - if: $CI_PIPELINE_SOURCE == "merge_request_event"',
        "      when: manual",
        "  artifacts:",
        "    reports:",
        "      junit: rspec.xml",
      ].join("\n"),
      "common.yml": [
        "variables:",
        "  POSTGRES_USER: common_username",
        "  POSTGRES_PASSWORD: testing_password",
        "test:",
        "  rules:",
        "    - when: never",
        "  script:",
        "    - rake spec",
        "  artifacts:",
        "    reports:",
        "      dotenv: deploy.env",
      ].join("\n"),
    });
    expect(value).toEqual({
      variables: { POSTGRES_USER: "username", POSTGRES_PASSWORD: "testing_password" },
      test: {
        rules: [{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"', when: "manual" }],
        script: ["rake spec"],
        artifacts: { reports: { dotenv: "deploy.env", junit: "rspec.xml" } },
      },
    });
  });

  it("accepts a list of strings and maps; later includes win", () => {
    const { value } = load({
      ".gitlab-ci.yml": "include:\n  - a.yml\n  - local: /b.yml\n",
      "a.yml": "default:\n  image: a\nfrom_a: {script: a}\n",
      "b.yml": "default:\n  image: b\n",
    });
    expect(value).toEqual({ default: { image: "b" }, from_a: { script: "a" } });
  });

  it("expands predefined and pipeline variables in the local path", () => {
    const { value } = load(
      {
        ".gitlab-ci.yml": "include:\n  - local: ci/$CI_COMMIT_REF_NAME.yml\n  - ci/${EXTRA}.yml\n",
        "ci/main.yml": "m: {script: m}\n",
        "ci/x.yml": "x: {script: x}\n",
      },
      { variables: { CI_COMMIT_REF_NAME: "main", EXTRA: "x" } },
    );
    expect(value).toEqual({ m: { script: "m" }, x: { script: "x" } });
  });

  it("accepts a single map", () => {
    const { value } = load({
      ".gitlab-ci.yml": "include: {local: ci/a.yml}\n",
      "ci/a.yml": "x: {script: a}\n",
    });
    expect(value).toEqual({ x: { script: "a" } });
  });

  it("merges nested includes first, then the including file", () => {
    const { value } = load({
      ".gitlab-ci.yml": "include: [another.yml]\ndefault: {after_script: [main]}\n",
      "another.yml": "include: [defaults.yml]\ndefault: {image: another}\n",
      "defaults.yml": "default: {image: defaults, after_script: [defaults]}\n",
    });
    expect(value).toEqual({ default: { image: "another", after_script: ["main"] } });
  });

  it("expands * within a folder only, and ** across folders, in path order", () => {
    const files = {
      "configs/b.yml": "b: {script: b}\n",
      "configs/a.yml": "a: {script: a}\n",
      "configs/sub/c.yml": "c: {script: c}\n",
      "configs/d.yaml.txt": "d: {script: d}\n",
    };
    const shallow = load({ ...files, ".gitlab-ci.yml": "include: 'configs/*.yml'\n" });
    expect(Object.keys(shallow.value)).toEqual(["a", "b"]);
    const deep = load({ ...files, ".gitlab-ci.yml": "include: 'configs/**/*.yml'\n" });
    expect(Object.keys(deep.value)).toEqual(["a", "b", "c"]);
  });

  it("allows the same file twice; its last inclusion wins (GitLab: duplicate include entries)", () => {
    const { value } = load({
      ".gitlab-ci.yml": "include: [unit.yml, smoke.yml]\n",
      "defaults.yml": "default: {before_script: [default]}\n",
      "unit.yml": "include: [defaults.yml]\ndefault: {before_script: [unit]}\nunit: {script: u}\n",
      "smoke.yml":
        "include: [defaults.yml]\ndefault: {before_script: [smoke]}\nsmoke: {script: s}\n",
    });
    expect(value["default"]).toEqual({ before_script: ["smoke"] });
  });

  it("names the included file in the locations of its values", () => {
    const { value, sourceMap } = load({
      ".gitlab-ci.yml": "include: ci/jobs.yml\njob: {stage: test}\n",
      "ci/jobs.yml": "job:\n  script:\n    - make\n",
    });
    const job = RawNode.root(value, sourceMap).child("job");
    expect(job.child("script").child(0).location).toEqual({
      file: "ci/jobs.yml",
      line: 3,
      column: 7,
    });
    expect(job.child("stage").location).toEqual({ file: ".gitlab-ci.yml", line: 2, column: 7 });
  });

  it("reports a missing file at the include item", () => {
    expect(errorOf(() => load({ ".gitlab-ci.yml": "include:\n  - local: nope.yml\n" }))).toBe(
      '.gitlab-ci.yml:2:5: include:0: local file "nope.yml" does not exist',
    );
  });

  it("reports a wildcard that matches nothing and a file that is not YAML", () => {
    expect(errorOf(() => load({ ".gitlab-ci.yml": "include: 'ci/*.yml'\n" }))).toBe(
      '.gitlab-ci.yml:1:1: include: "ci/*.yml" matches no file in the repository',
    );
    expect(errorOf(() => load({ ".gitlab-ci.yml": "include: ci/x.json\n" }))).toMatch(
      /include: "ci\/x.json" is not a YAML file/,
    );
  });

  it("reports a YAML error inside an included file with that file's name", () => {
    expect(
      errorOf(() => load({ ".gitlab-ci.yml": "include: a.yml\n", "a.yml": "x:\n  - [\n" })),
    ).toMatch(/^a\.yml:\d+:\d+: YAML syntax error/);
  });

  it("detects include cycles", () => {
    const message = errorOf(() =>
      load({
        ".gitlab-ci.yml": "include: a.yml\n",
        "a.yml": "include: b.yml\n",
        "b.yml": "include: a.yml\n",
      }),
    );
    expect(message).toBe(
      "b.yml:1:1: include: include cycle: .gitlab-ci.yml includes a.yml includes b.yml includes a.yml",
    );
  });

  it("stops at GitLab's limit on the number of included files", () => {
    const files: Record<string, string> = { ".gitlab-ci.yml": "include: 'parts/*.yml'\n" };
    for (let index = 0; index < 151; index += 1)
      files[`parts/p${index}.yml`] = `p${index}: {script: x}\n`;
    expect(errorOf(() => load(files))).toMatch(/Maximum of 150 nested includes are allowed/);
  });

  it("rejects remote, project, template and component includes with an offline fix", () => {
    for (const include of [
      "'https://example.com/ci.yml'",
      "{remote: 'https://example.com/ci.yml'}",
      "{project: group/p, file: ci.yml}",
      "{template: Auto-DevOps.gitlab-ci.yml}",
      "{component: gitlab.com/a/b@1.0}",
    ]) {
      expect(errorOf(() => load({ ".gitlab-ci.yml": `include: ${include}\n` }))).toMatch(/offline/);
    }
  });

  it("applies include:rules: exists, when: never, no matching rule", () => {
    const files = {
      Dockerfile: "",
      "docker.yml": "docker: {script: d}\n",
      "never.yml": "never: {script: n}\n",
      "other.yml": "other: {script: o}\n",
    };
    const { value } = load({
      ...files,
      ".gitlab-ci.yml": [
        "include:",
        "  - local: docker.yml",
        "    rules:",
        "      - exists: [Dockerfile]",
        "  - local: never.yml",
        "    rules:",
        "      - exists: [Dockerfile]",
        "        when: never",
        "      - when: always",
        "  - local: other.yml",
        "    rules:",
        "      - exists: [missing.txt]",
      ].join("\n"),
    });
    expect(Object.keys(value)).toEqual(["docker"]);
  });

  it("delegates include:rules:if to the given evaluator, which receives the rule", () => {
    const files = {
      ".gitlab-ci.yml":
        "include:\n  - local: a.yml\n    rules:\n      - if: $YES\n  - local: b.yml\n    rules:\n      - if: $NO\n",
      "a.yml": "a: {script: a}\n",
      "b.yml": "b: {script: b}\n",
    };
    const { value } = load(files, {
      evaluateIncludeRule: (rule) => rule.child("if").value === "$YES",
    });
    expect(Object.keys(value)).toEqual(["a"]);
    expect(errorOf(() => load(files))).toMatch(
      /^\.gitlab-ci\.yml:4:9: include:0:rules:0:if: include:rules:if cannot be evaluated/,
    );
  });
});
