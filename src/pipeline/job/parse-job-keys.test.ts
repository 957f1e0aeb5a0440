import { describe, expect, it } from "vitest";
import { jobMap, pipelineFailure } from "./job-node.fixture.js";
import { parseJobKeys } from "./parse-job-keys.js";

describe("parseJobKeys", () => {
  it("returns a job's keys in file order", () => {
    expect(parseJobKeys(jobMap({ stage: "test", script: "x", rules: [], needs: [] }))).toEqual([
      "stage",
      "script",
      "rules",
      "needs",
    ]);
  });

  it("accepts every documented job keyword and the deprecated only/except", () => {
    const documented = [
      "after_script",
      "allow_failure",
      "artifacts",
      "before_script",
      "cache",
      "coverage",
      "dast_configuration",
      "dependencies",
      "environment",
      "extends",
      "hooks",
      "identity",
      "id_tokens",
      "image",
      "inherit",
      "interruptible",
      "manual_confirmation",
      "needs",
      "pages",
      "parallel",
      "release",
      "resource_group",
      "retry",
      "rules",
      "script",
      "run",
      "secrets",
      "services",
      "stage",
      "start_in",
      "tags",
      "timeout",
      "trigger",
      "variables",
      "when",
      "only",
      "except",
    ];
    const job = Object.fromEntries(documented.map((key) => [key, null]));
    expect(parseJobKeys(jobMap(job))).toHaveLength(documented.length);
  });

  it("fails on an unknown key, listing the keys and suggesting a near miss", () => {
    const error = pipelineFailure(() => parseJobKeys(jobMap({ scrpit: ["make"] })));
    expect(error.message).toMatch(
      /^test: unknown key "scrpit"; a job may have: after_script, allow_failure, /,
    );
    expect(error.fix).toBe('Did you mean "script"?');
  });

  it("gives no suggestion when nothing is near", () => {
    expect(pipelineFailure(() => parseJobKeys(jobMap({ deploy_to: "x" }))).fix).toBeUndefined();
  });

  it("points at the unknown key's location", () => {
    const value = { scrpit: "x" };
    const sourceMap = {
      locationOf: (container: object, key: string | number) =>
        container === value && key === "scrpit"
          ? { file: ".gitlab-ci.yml", line: 7, column: 3 }
          : undefined,
      locationOfNode: () => undefined,
    };
    const error = pipelineFailure(() => parseJobKeys(jobMap(value, sourceMap)));
    expect(error.message).toMatch(/^\.gitlab-ci\.yml:7:3: test: unknown key "scrpit"/);
  });
});
