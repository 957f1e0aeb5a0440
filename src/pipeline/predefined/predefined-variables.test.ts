import { describe, expect, it } from "vitest";
import type { GitFacts } from "./git-facts.js";
import { predefinedVariables } from "./predefined-variables.js";

const git: GitFacts = {
  sha: "0123456789abcdef0123456789abcdef01234567",
  branch: "feature/x",
  tag: undefined,
  message: "Title line\n\nBody text\n",
  author: "Ada <ada@example.com>",
  timestamp: "2026-11-25T15:00:00+00:00",
  remoteUrl: "git@gitlab.com:group/demo.git",
  defaultBranch: "main",
  directoryName: "demo",
  userName: "Ada",
  userEmail: "ada@example.com",
};
const run = {
  pipelineId: 7,
  createdAt: "2026-11-25T15:00:01Z",
  configPath: ".gitlab-ci.yml",
  buildsDir: "/builds",
};

describe("predefinedVariables", () => {
  it("describes a branch pipeline", () => {
    const vars = predefinedVariables(git, run);
    expect(vars.get("CI_COMMIT_BRANCH")).toBe("feature/x");
    expect(vars.has("CI_COMMIT_TAG")).toBe(false);
    expect(vars.get("CI_COMMIT_REF_SLUG")).toBe("feature-x");
    expect(vars.get("CI_COMMIT_SHORT_SHA")).toBe("01234567");
    expect(vars.get("CI_COMMIT_TITLE")).toBe("Title line");
    expect(vars.get("CI_COMMIT_DESCRIPTION")).toBe("Body text\n");
    expect(vars.get("CI_PROJECT_PATH")).toBe("group/demo");
    expect(vars.get("CI_PROJECT_URL")).toBe("https://gitlab.com/group/demo");
    expect(vars.get("CI_BUILDS_DIR")).toBe("/builds");
    expect(vars.get("CI_PROJECT_DIR")).toBe("/builds/group/demo");
    expect(vars.get("CI_PIPELINE_SOURCE")).toBe("push");
    expect(vars.get("CI_DEFAULT_BRANCH")).toBe("main");
  });

  it("a tag pipeline has CI_COMMIT_TAG and no CI_COMMIT_BRANCH", () => {
    const vars = predefinedVariables({ ...git, tag: "v1.0" }, run);
    expect(vars.get("CI_COMMIT_TAG")).toBe("v1.0");
    expect(vars.has("CI_COMMIT_BRANCH")).toBe(false);
    expect(vars.get("CI_COMMIT_REF_NAME")).toBe("v1.0");
  });
});
