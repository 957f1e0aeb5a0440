import { describe, expect, it } from "vitest";
import { AirlockError } from "../../core/airlock-error.js";
import { resolveVariables } from "./resolve-variables.js";
import type {
  LayerVariable,
  ResolvedVariable,
  VariableLayer,
  VariableSource,
} from "./variable-layer.js";

function layer(
  source: VariableSource,
  values: Record<string, string | LayerVariable>,
): VariableLayer {
  return {
    source,
    variables: Object.entries(values).map(([name, value]) =>
      typeof value === "string" ? { name, value } : value,
    ),
  };
}

function valuesOf(resolved: readonly ResolvedVariable[]): Record<string, string> {
  return Object.fromEntries(resolved.map((v) => [v.name, v.value]));
}

describe("resolveVariables", () => {
  // https://docs.gitlab.com/ci/variables/#cicd-variable-precedence (job1 prints 'secure')
  it("lets job variables override top-level ones", () => {
    const resolved = resolveVariables([
      layer("global", { API_TOKEN: "default" }),
      layer("job", { API_TOKEN: "secure" }),
    ]);
    expect(resolved).toEqual([
      { name: "API_TOKEN", value: "secure", masked: false, file: false, source: "job" },
    ]);
  });

  it("ranks rules:variables over job variables, dotenv over YAML, pipeline variables over all", () => {
    const resolved = resolveVariables([
      layer("predefined", { CI_JOB_NAME: "test", A: "predefined", B: "predefined" }),
      layer("global", { A: "global", B: "global", C: "global", D: "global" }),
      layer("job", { B: "job", C: "job", D: "job" }),
      layer("rule", { C: "rule", D: "rule" }),
      layer("dotenv", { D: "dotenv", E: "dotenv" }),
      layer("pipeline", { E: "pipeline" }),
    ]);
    expect(valuesOf(resolved)).toEqual({
      CI_JOB_NAME: "test",
      A: "global",
      B: "job",
      C: "rule",
      D: "dotenv",
      E: "pipeline",
    });
    expect(resolved.map((v) => v.source)).toEqual([
      "predefined",
      "global",
      "job",
      "rule",
      "dotenv",
      "pipeline",
    ]);
  });

  // https://docs.gitlab.com/ci/yaml/#variablesexpand
  it("expands references but keeps expand: false values literal", () => {
    const resolved = resolveVariables([
      layer("global", {
        VAR1: "value1",
        VAR2: "value2 $VAR1",
        VAR3: { name: "VAR3", value: "value3 $VAR1", expand: false },
      }),
    ]);
    expect(valuesOf(resolved)).toEqual({
      VAR1: "value1",
      VAR2: "value2 value1",
      VAR3: "value3 $VAR1",
    });
  });

  it("inserts a raw variable's value as written when another variable refers to it", () => {
    const resolved = resolveVariables([
      layer("job", {
        A: "normal",
        B: { name: "B", value: "raw-$A $$", expand: false },
        C: "$B",
      }),
    ]);
    expect(valuesOf(resolved)).toMatchObject({ B: "raw-$A $$", C: "raw-$A $$" });
  });

  it("follows references, not file order, and uses the final value of a higher level", () => {
    const resolved = resolveVariables([
      layer("global", { URL: "https://$HOST/$PATH_PART", HOST: "example.com" }),
      layer("job", {
        PATH_PART: "${STACK}-app",
        STACK: "$CI_COMMIT_REF_SLUG",
        HOST: "job.example",
      }),
      layer("pipeline", { CI_COMMIT_REF_SLUG: "main" }),
    ]);
    expect(valuesOf(resolved).URL).toBe("https://job.example/main-app");
  });

  it("gives a self reference the next lower definition of that name", () => {
    const resolved = resolveVariables([
      layer("global", { OPTS: "-a" }),
      layer("job", { OPTS: "$OPTS -b" }),
    ]);
    expect(valuesOf(resolved).OPTS).toBe("-a -b");
  });

  // GitLab's Collection::Sort links a reference to every definition of the name, so two
  // levels that both refer to their own name form a cycle.
  it("fails when two levels of one name both refer to that name", () => {
    expect(() =>
      resolveVariables([
        layer("global", { OPTS: "-a" }),
        layer("job", { OPTS: "$OPTS -b" }),
        layer("pipeline", { OPTS: "$OPTS -c" }),
      ]),
    ).toThrow(/circular variable reference: OPTS -> OPTS/);
  });

  // A self reference with nothing below is undefined here; GitLab Runner would insert the
  // variable's own unexpanded text (a known GitLab oddity airlock does not copy).
  it("replaces undefined references with nothing and $$ with $", () => {
    const resolved = resolveVariables([layer("job", { X: "[$MISSING] $$HOME", SELF: "$SELF!" })]);
    expect(valuesOf(resolved)).toEqual({ X: "[] $HOME", SELF: "!" });
  });

  it("fails on a reference cycle instead of looping, naming the variables", () => {
    let error: unknown;
    try {
      resolveVariables([
        layer("job", {
          A: { name: "A", value: "$B", key: "test:variables:A" },
          B: { name: "B", value: "x${C}" },
          C: { name: "C", value: "$A" },
        }),
      ]);
    } catch (e: unknown) {
      error = e;
    }
    expect(error).toBeInstanceOf(AirlockError);
    expect((error as AirlockError).message).toBe(
      "test:variables:A: circular variable reference: A -> B -> C -> A",
    );
  });

  it("carries masked and file flags and leaves file references for the executor", () => {
    const resolved = resolveVariables([
      layer("job", { CONF: "--config $KUBECONFIG" }),
      layer("pipeline", {
        TOKEN: { name: "TOKEN", value: "s3cret-value", masked: true },
        KUBECONFIG: { name: "KUBECONFIG", value: "apiVersion: v1", file: true },
      }),
    ]);
    expect(resolved.find((v) => v.name === "TOKEN")).toMatchObject({ masked: true, file: false });
    expect(resolved.find((v) => v.name === "KUBECONFIG")).toMatchObject({
      value: "apiVersion: v1",
      file: true,
    });
    expect(valuesOf(resolved).CONF).toBe("--config ${KUBECONFIG}");
    const withPath = resolveVariables(
      [
        layer("job", { CONF: "--config $KUBECONFIG" }),
        layer("pipeline", {
          KUBECONFIG: { name: "KUBECONFIG", value: "apiVersion: v1", file: true },
        }),
      ],
      { filePath: (name) => `/tmp/vars/${name}` },
    );
    expect(valuesOf(withPath).CONF).toBe("--config /tmp/vars/KUBECONFIG");
  });

  it("refuses layers out of precedence order (a programming error, not the user's)", () => {
    expect(() => resolveVariables([layer("job", {}), layer("global", {})])).toThrow(
      'variable layer "global" is out of precedence order (lowest first)',
    );
  });
});
