import { describe, expect, it } from "vitest";
import type { JobVariable } from "../../job/job-spec.js";
import { gitSourceSettings } from "./git-source-settings.js";

const variable = (name: string, value: string): JobVariable => ({
  name,
  value,
  masked: false,
  file: false,
});

describe("gitSourceSettings", () => {
  it("checks out at the payload's depth by default", () => {
    expect(gitSourceSettings([], 20)).toEqual({ strategy: "checkout", depth: 20, warnings: [] });
    expect(gitSourceSettings([], 0).depth).toBeUndefined();
  });

  it("skips the sources for GIT_STRATEGY none and empty; clone and fetch check out", () => {
    expect(gitSourceSettings([variable("GIT_STRATEGY", "none")], 20).strategy).toBe("none");
    expect(gitSourceSettings([variable("GIT_STRATEGY", "empty")], 20).strategy).toBe("none");
    expect(gitSourceSettings([variable("GIT_STRATEGY", "fetch")], 20).strategy).toBe("checkout");
    expect(gitSourceSettings([variable("GIT_STRATEGY", "clone")], 20).strategy).toBe("checkout");
  });

  it("lets the last GIT_DEPTH win over the payload; 0 is the whole history", () => {
    const vars = [variable("GIT_DEPTH", "5"), variable("GIT_DEPTH", "3")];
    expect(gitSourceSettings(vars, 20).depth).toBe(3);
    expect(gitSourceSettings([variable("GIT_DEPTH", "0")], 20).depth).toBeUndefined();
  });

  it("warns about values it does not understand and keeps the defaults", () => {
    const settings = gitSourceSettings(
      [variable("GIT_DEPTH", "ten"), variable("GIT_STRATEGY", "copy")],
      20,
    );
    expect(settings.strategy).toBe("checkout");
    expect(settings.depth).toBe(20);
    expect(settings.warnings).toHaveLength(2);
  });
});
