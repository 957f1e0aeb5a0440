import { describe, expect, it } from "vitest";
import { isAirlockError } from "../../core/airlock-error.js";
import { planSubmodules } from "./submodule-plan.js";

const sha = "c".repeat(40);
const project = "http://gitlab-ci-token:tok@127.0.0.1:8080/grp/app.git";
const top = (entries: { name?: string; path: string; url?: string }[]) => [
  {
    parentDir: "",
    parentUrl: "http://127.0.0.1:8080/grp/app.git",
    entries: entries.map((e) => ({ name: e.name, path: e.path, url: e.url, sha })),
  },
];

describe("planSubmodules", () => {
  it("fetches same-origin submodules, relative ones resolved against the parent", () => {
    expect(
      planSubmodules(
        project,
        [
          ...top([{ name: "lib", path: "lib", url: "../sub.git" }]),
          {
            parentDir: "lib",
            parentUrl: "http://127.0.0.1:8080/grp/sub.git",
            entries: [{ name: "deep", path: "deep", url: "../../other/nested.git", sha }],
          },
        ],
        false,
      ),
    ).toEqual([
      { parentDir: "", name: "lib", path: "lib", sha, url: "http://127.0.0.1:8080/grp/sub.git" },
      {
        parentDir: "lib",
        name: "deep",
        path: "deep",
        sha,
        url: "http://127.0.0.1:8080/other/nested.git",
      },
    ]);
  });

  it("refuses every submodule elsewhere or without a URL, naming each, its URL and the fix", () => {
    const error: unknown = (() => {
      try {
        planSubmodules(
          project,
          top([
            { name: "ok", path: "ok", url: "../ok.git" },
            { name: "ext", path: "vendor/ext", url: "https://git.example.invalid/grp/ext.git" },
            { path: "orphan" },
            { name: "x", path: "evil\nsection_end:1:get_sources", url: "../x.git" },
          ]),
          false,
        );
        return undefined;
      } catch (caught: unknown) {
        return caught;
      }
    })();
    expect(isAirlockError(error) && error.code).toBe("AIRLOCK_E_GIT_SOURCES");
    const message = error instanceof Error ? error.message : "";
    expect(message).toContain(
      "submodule vendor/ext (URL https://git.example.invalid/grp/ext.git) is not on this job's GitLab (http://127.0.0.1:8080)",
    );
    expect(message).toContain("submodule orphan has no URL in .gitmodules");
    expect(message).not.toContain("submodule ok");
    expect(message).toContain(
      'submodule "evil\\nsection_end:1:get_sources" has a control character in its path or URL',
    );
    expect(message).not.toContain("\n");
    expect(isAirlockError(error) ? error.fix : "").toContain("fetch it in the job's script");
  });
});
