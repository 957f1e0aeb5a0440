import { describe, expect, it } from "vitest";
import { jobPredefinedVariables } from "./job-predefined-variables.js";

const job = {
  id: 7,
  name: "build 1/2",
  stage: "build",
  projectUrl: "https://gitlab.example.com/group/app",
  node: { index: 1, total: 2 },
  manual: false,
};

describe("jobPredefinedVariables", () => {
  it("sets CI_JOB_IMAGE only when the job names an image", () => {
    expect(jobPredefinedVariables(job).has("CI_JOB_IMAGE")).toBe(false);
    expect(jobPredefinedVariables({ ...job, image: "ruby:3.3" }).get("CI_JOB_IMAGE")).toBe(
      "ruby:3.3",
    );
  });

  it("names the job, its node and its URL", () => {
    const vars = jobPredefinedVariables(job);
    expect(vars.get("CI_JOB_NAME_SLUG")).toBe("build-1-2");
    expect(vars.get("CI_NODE_INDEX")).toBe("1");
    expect(vars.get("CI_JOB_URL")).toBe("https://gitlab.example.com/group/app/-/jobs/7");
  });
});
