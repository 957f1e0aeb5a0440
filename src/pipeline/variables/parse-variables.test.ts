import { pipelineFailure as failure } from "../raw/pipeline-failure.fixture.js";
import { describe, expect, it } from "vitest";
import { AirlockError } from "../../core/airlock-error.js";
import { RawNode } from "../raw/raw-node.js";
import { emptySourceMap } from "../raw/source-map.js";
import { parseVariables } from "./parse-variables.js";
import type { VariableDefinition } from "./variable-definition.js";

function jobVariables(value: unknown): RawNode {
  return RawNode.root({ test: { variables: value } }, emptySourceMap)
    .child("test")
    .child("variables");
}

function globalVariables(value: unknown): RawNode {
  return RawNode.root({ variables: value }, emptySourceMap).child("variables");
}

function values(definitions: readonly VariableDefinition[]): Record<string, string> {
  return Object.fromEntries(definitions.map((d) => [d.name, d.value]));
}

describe("parseVariables", () => {
  it("reads NAME: value in file order, expandable by default", () => {
    const definitions = parseVariables(jobVariables({ B: "2", A: "1" }), "job");
    expect(definitions.map((d) => d.name)).toEqual(["B", "A"]);
    expect(definitions[0]).toMatchObject({
      value: "2",
      expand: true,
      key: "test:variables:B",
      description: undefined,
      options: undefined,
    });
  });

  it("stores numbers and booleans as GitLab's Ruby prints them", () => {
    expect(values(parseVariables(jobVariables({ V: 1.1, N: 3, T: true }), "job"))).toEqual({
      V: "1.1",
      N: "3",
      T: "true",
    });
  });

  // https://docs.gitlab.com/ci/yaml/#variablesexpand
  it("reads the map form with expand: false", () => {
    const [definition] = parseVariables(
      jobVariables({ VAR3: { value: "value3 $VAR1", expand: false } }),
      "job",
    );
    expect(definition).toMatchObject({ name: "VAR3", value: "value3 $VAR1", expand: false });
  });

  // https://docs.gitlab.com/ci/yaml/#variablesoptions
  it("reads description and options at the top level", () => {
    const [definition] = parseVariables(
      globalVariables({
        DEPLOY_ENVIRONMENT: {
          value: "staging",
          options: ["production", "staging", "canary"],
          description: "The deployment target. Set to 'staging' by default.",
        },
      }),
      "global",
    );
    expect(definition).toMatchObject({
      value: "staging",
      options: ["production", "staging", "canary"],
      description: "The deployment target. Set to 'staging' by default.",
    });
  });

  it("requires value to be one of the options", () => {
    const error = failure(() =>
      parseVariables(
        globalVariables({ ENV: { value: "qa", options: ["prod", "staging"] } }),
        "global",
      ),
    );
    expect(error.message).toBe(
      'variables:ENV: variable ENV: value must be one of its options (prod, staging), got the string "qa"',
    );
  });

  it("allows description and options only at the top level, as GitLab's job entry does", () => {
    const error = failure(() =>
      parseVariables(jobVariables({ ENV: { value: "x", description: "d" } }), "job"),
    );
    expect(error.message).toBe(
      "test:variables:ENV: variable ENV uses invalid keys: description; expected value, expand",
    );
  });

  it("allows only plain values in rules:variables", () => {
    const node = RawNode.root({ rules: [{ variables: { X: { value: "1" } } }] }, emptySourceMap)
      .child("rules")
      .child(0)
      .child("variables");
    expect(failure(() => parseVariables(node, "rules")).message).toBe(
      "rules:0:variables:X: variable X: expected a string, a number or true/false, got a map",
    );
  });

  it("rejects null and lists, naming the variable", () => {
    const nullError = failure(() => parseVariables(jobVariables({ EMPTY: null }), "job"));
    expect(nullError.message).toBe(
      "test:variables:EMPTY: variable EMPTY: expected a string, a number or true/false or a map with value, expand, got nothing (null)",
    );
    expect(nullError.fix).toBe('write EMPTY: "" for an empty value');
    expect(failure(() => parseVariables(jobVariables({ L: ["a"] }), "job")).message).toContain(
      "variable L: expected a string",
    );
  });

  it("rejects names with characters other than letters, digits and _", () => {
    expect(failure(() => parseVariables(jobVariables({ "MY-VAR": "x" }), "job")).message).toBe(
      'test:variables:MY-VAR: variable name "MY-VAR" is not allowed: use only letters, digits and _',
    );
    expect(() => parseVariables(jobVariables({ "A B": "x" }), "job")).toThrow(AirlockError);
  });

  it("treats a missing or empty variables: as no variables, and rejects a list", () => {
    expect(parseVariables(jobVariables(undefined), "job")).toEqual([]);
    expect(parseVariables(jobVariables(null), "job")).toEqual([]);
    expect(failure(() => parseVariables(jobVariables(["A=1"]), "job")).message).toBe(
      "test:variables: expected a map of variable names to values, got a list",
    );
  });

  it("defaults a map without value to an empty string and checks expand's type", () => {
    expect(parseVariables(jobVariables({ E: { expand: false } }), "job")[0]?.value).toBe("");
    expect(() => parseVariables(jobVariables({ E: { value: "x", expand: "no" } }), "job")).toThrow(
      AirlockError,
    );
  });
});
