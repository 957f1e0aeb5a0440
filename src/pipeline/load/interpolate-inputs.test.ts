import { describe, expect, it } from "vitest";
import { RawNode } from "../raw/raw-node.js";
import { errorOf, load } from "./in-memory-project.fixture.js";

const scanJob = [
  "spec:",
  "  inputs:",
  "    job-prefix:",
  "      description: Define a prefix for the job name",
  "    job-stage:",
  "      default: test",
  "    environment:",
  "      options: ['test', 'staging', 'production']",
  "    concurrency:",
  "      type: number",
  "      default: 1",
  "    version:",
  "      type: string",
  "      regex: ^v\\d\\.\\d+(\\.\\d+)$",
  "    export_results:",
  "      type: boolean",
  "      default: true",
  "---",
  '"$[[ inputs.job-prefix ]]-scan-website":',
  "  stage: $[[ inputs.job-stage ]]",
  "  parallel: $[[ inputs.concurrency ]]",
  "  allow_failure: $[[ inputs.export_results ]]",
  "  script:",
  '    - echo "scanning -e $[[ inputs.environment ]] -c $[[ inputs.concurrency ]] -v $[[ inputs.version ]]"',
].join("\n");

const including = (inputs: string) => ({
  ".gitlab-ci.yml": `include:\n  - local: scan.yml\n    inputs:\n${inputs}`,
  "scan.yml": scanJob,
});

const good = "      job-prefix: some-service\n      environment: staging\n      version: v1.3.2\n";

describe("spec:inputs and include:inputs", () => {
  it("interpolates the documented example: defaults, typed whole values, text in strings, job names", () => {
    const { value } = load(including(good + "      concurrency: 2\n"));
    expect(value).toEqual({
      "some-service-scan-website": {
        stage: "test",
        parallel: 2,
        allow_failure: true,
        script: ['echo "scanning -e staging -c 2 -v v1.3.2"'],
      },
    });
  });

  it("reports a missing required input at the include", () => {
    expect(
      errorOf(() => load(including("      environment: staging\n      version: v1.3.2\n"))),
    ).toBe(
      '.gitlab-ci.yml:2:5: include:0: input "job-prefix" is required by scan.yml (it has no default) but was not given',
    );
  });

  it("reports an unknown input at its key, listing the declared ones", () => {
    expect(errorOf(() => load(including(good + "      colour: red\n")))).toMatch(
      /^\.gitlab-ci\.yml:7:7: include:0:inputs:colour: unknown input "colour"; scan\.yml declares these inputs: job-prefix, job-stage/,
    );
  });

  it("checks types, options and regex", () => {
    expect(errorOf(() => load(including(good + "      concurrency: '2'\n")))).toBe(
      '.gitlab-ci.yml:7:7: include:0:inputs:concurrency: input "concurrency" must be a number, got the string "2"',
    );
    expect(errorOf(() => load(including(good.replace("staging", "qa"))))).toMatch(
      /include:0:inputs:environment: input "environment" "qa" is not one of the options: "test", "staging", "production"/,
    );
    expect(errorOf(() => load(including(good.replace("v1.3.2", "x1.3"))))).toMatch(
      /include:0:inputs:version: input "version" "x1.3" does not match the regex/,
    );
    expect(errorOf(() => load(including(good + "      export_results: 'no'\n")))).toMatch(
      /input "export_results" must be a boolean, got the string "no"/,
    );
  });

  it("checks defaults against the type in the spec", () => {
    const files = {
      ".gitlab-ci.yml": "include: a.yml\n",
      "a.yml":
        "spec:\n  inputs:\n    n:\n      type: number\n      default: many\n---\nj: {script: x}\n",
    };
    expect(errorOf(() => load(files))).toBe(
      'a.yml:5:7: spec:inputs:n:default: default of input "n" must be a number, got the string "many"',
    );
  });

  it("inserts an array input as a whole value (rules from an input)", () => {
    const { value } = load({
      ".gitlab-ci.yml":
        "include:\n  - local: a.yml\n    inputs:\n      rules: [{if: $A}, {when: never}]\n",
      "a.yml":
        "spec:\n  inputs:\n    rules:\n      type: array\n---\nj:\n  rules: $[[ inputs.rules ]]\n",
    });
    expect(value).toEqual({ j: { rules: [{ if: "$A" }, { when: "never" }] } });
  });

  it("applies truncate and expand_vars, and rejects unknown functions and keys", () => {
    const file = (block: string) => ({
      ".gitlab-ci.yml": "include:\n  - local: a.yml\n    inputs: {test: 'test $MY_VAR'}\n",
      "a.yml": `spec:\n  inputs:\n    test:\n---\nj:\n  script: echo ${block}\n`,
    });
    const options = { variables: { MY_VAR: "my value" } };
    expect(load(file("$[[ inputs.test | expand_vars | truncate(5,8) ]]"), options).value).toEqual({
      j: { script: "echo my value" },
    });
    expect(errorOf(() => load(file("$[[ inputs.test | upcase ]]")))).toMatch(
      /^a\.yml:6:3: j:script: unknown interpolation function "upcase"/,
    );
    expect(errorOf(() => load(file("$[[ inputs.nope ]]")))).toMatch(
      /^a\.yml:6:3: j:script: unknown interpolation key "inputs.nope"/,
    );
  });

  it("rejects inputs for a file without a spec header", () => {
    expect(
      errorOf(() =>
        load({
          ".gitlab-ci.yml": "include:\n  - local: a.yml\n    inputs: {x: 1}\n",
          "a.yml": "j: {script: x}\n",
        }),
      ),
    ).toBe(
      ".gitlab-ci.yml:3:5: include:0:inputs: a.yml takes no inputs: it has no spec:inputs header",
    );
  });

  it("keeps the included file's locations for interpolated values", () => {
    const { value, sourceMap } = load(including(good));
    const stage = RawNode.root(value, sourceMap).child("some-service-scan-website").child("stage");
    expect(stage.location).toEqual({ file: "scan.yml", line: 20, column: 3 });
  });
});
