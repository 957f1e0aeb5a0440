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
    expect(gitSourceSettings([], 20)).toEqual({
      strategy: "checkout",
      depth: 20,
      submodules: "none",
      submodulePaths: [],
      submoduleDepth: 20,
      submoduleForceHttps: false,
      warnings: [],
    });
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

  it("reads GIT_SUBMODULE_STRATEGY, _PATHS, _DEPTH and _FORCE_HTTPS", () => {
    const settings = gitSourceSettings(
      [
        variable("GIT_DEPTH", "5"),
        variable("GIT_SUBMODULE_STRATEGY", "Recursive"),
        variable("GIT_SUBMODULE_PATHS", " lib  :(exclude)big "),
        variable("GIT_SUBMODULE_FORCE_HTTPS", "true"),
      ],
      20,
    );
    expect(settings.submodules).toBe("recursive");
    expect(settings.submodulePaths).toEqual(["lib", ":(exclude)big"]);
    expect(settings.submoduleDepth).toBe(5);
    expect(settings.submoduleForceHttps).toBe(true);
    const own = gitSourceSettings(
      [variable("GIT_SUBMODULE_STRATEGY", "normal"), variable("GIT_SUBMODULE_DEPTH", "1")],
      20,
    );
    expect(own.submodules).toBe("normal");
    expect(own.submoduleDepth).toBe(1);
  });

  it("gets no submodules without sources, and warns about an unknown strategy", () => {
    const none = gitSourceSettings(
      [variable("GIT_STRATEGY", "none"), variable("GIT_SUBMODULE_STRATEGY", "recursive")],
      20,
    );
    expect(none.submodules).toBe("none");
    const odd = gitSourceSettings([variable("GIT_SUBMODULE_STRATEGY", "deep")], 20);
    expect(odd.submodules).toBe("none");
    expect(odd.warnings).toEqual([
      'WARNING: GIT_SUBMODULE_STRATEGY "deep" is not none, normal or recursive: no submodules are checked out',
    ]);
  });

  it("warns about GitLab Runner's git flag variables it does not pass on", () => {
    const flagged = gitSourceSettings(
      [
        variable("GIT_SUBMODULE_UPDATE_FLAGS", "--remote"),
        variable("GIT_FETCH_EXTRA_FLAGS", ""),
        variable("GIT_CLONE_EXTRA_FLAGS", "--filter=blob:none"),
        variable("GIT_CHECKOUT", "false"),
      ],
      20,
    );
    expect(flagged.warnings).toEqual([
      "WARNING: GIT_SUBMODULE_UPDATE_FLAGS is not supported by airlock's checkout: ignored",
      "WARNING: GIT_CLONE_EXTRA_FLAGS is not supported by airlock's checkout: ignored",
      "WARNING: GIT_CHECKOUT false is not supported: the commit is checked out",
    ]);
  });
});
