import { describe, expect, it } from "vitest";
import { evaluateOnlyExcept } from "./evaluate-only-except.js";
import type { OnlyExceptContext } from "./only-except-context.js";
import { parseOnlyExcept } from "./parse-only-except.js";
import { nodeAt, pipelineFailure } from "./rules-node.fixture.js";

type Facts = Partial<Omit<OnlyExceptContext, "variables" | "changes">> & {
  variables?: Record<string, string>;
  changed?: string[];
};

/** Whether a job with `only`/`except` as given (undefined: absent) is added for these facts. */
function added(job: { only?: unknown; except?: unknown }, facts: Facts = {}): boolean {
  const node = nodeAt({ test: job }, ["test"]);
  const context: OnlyExceptContext = {
    ref: facts.ref ?? "main",
    isTag: facts.isTag ?? false,
    source: facts.source ?? "push",
    variables: new Map(Object.entries(facts.variables ?? {})),
    changes: (paths) => paths.some((path) => facts.changed?.includes(path) ?? false),
    projectPath: facts.projectPath,
  };
  return evaluateOnlyExcept(
    parseOnlyExcept(node.child("only"), "only"),
    parseOnlyExcept(node.child("except"), "except"),
    context,
  );
}

const failure = (job: { only?: unknown; except?: unknown }): string =>
  pipelineFailure(() => added(job)).message;

describe("only/except: refs", () => {
  it("defaults to only: [branches, tags] (branch and tag pipelines, not merge requests)", () => {
    expect(added({})).toBe(true);
    expect(added({}, { isTag: true, ref: "v1.0" })).toBe(true);
    expect(added({}, { source: "merge_request_event" })).toBe(false);
  });

  it("matches branch names, regexes and keywords (docs job1)", () => {
    const job = { only: ["main", "/^issue-.*$/", "merge_requests"] };
    expect(added(job, { ref: "main" })).toBe(true);
    expect(added(job, { ref: "issue-42" })).toBe(true);
    expect(added(job, { ref: "feature" })).toBe(false);
    expect(added(job, { ref: "feature", source: "merge_request_event" })).toBe(true);
  });

  it("excludes by except (docs job2)", () => {
    const job = { except: ["main", "/^stable-branch.*$/", "schedules"] };
    expect(added(job, { ref: "main" })).toBe(false);
    expect(added(job, { ref: "stable-branch-1" })).toBe(false);
    expect(added(job, { ref: "feature", source: "schedule" })).toBe(false);
    expect(added(job, { ref: "feature" })).toBe(true);
  });

  it("maps pipeline sources to keywords: pushes, web, api, triggers, schedules", () => {
    expect(added({ only: ["pushes"] }, { source: "push" })).toBe(true);
    expect(added({ only: ["web"] }, { source: "web" })).toBe(true);
    expect(added({ only: ["api"] }, { source: "push" })).toBe(false);
    expect(added({ only: ["triggers"] }, { source: "trigger" })).toBe(true);
    expect(added({ only: ["branches"] }, { source: "schedule" })).toBe(true);
  });

  it("tells tags from branches", () => {
    expect(added({ only: ["tags"] }, { ref: "v1", isTag: true })).toBe(true);
    expect(added({ only: ["tags"] }, { ref: "v1" })).toBe(false);
    expect(added({ except: ["branches"] }, { ref: "v1", isTag: true })).toBe(true);
  });

  it("takes regex flags and matches anywhere unless anchored", () => {
    expect(added({ only: ["/^issue-.*$/i"] }, { ref: "ISSUE-1" })).toBe(true);
    expect(added({ only: ["/issue/"] }, { ref: "severe-issues" })).toBe(true);
    expect(added({ only: ["/^issue-/"] }, { ref: "severe-issues" })).toBe(false);
  });

  it("matches the part after @ as the project path", () => {
    expect(
      added({ only: ["branches@gitlab-org/gitlab"] }, { projectPath: "gitlab-org/gitlab" }),
    ).toBe(true);
    expect(added({ only: ["branches@gitlab-org/gitlab"] }, { projectPath: "me/fork" })).toBe(false);
    expect(
      added(
        { only: ["/^release/@gitlab-org/gitlab"] },
        { ref: "release-1", projectPath: "gitlab-org/gitlab" },
      ),
    ).toBe(true);
  });

  it("rejects a ref regex that is not RE2", () => {
    expect(failure({ only: ["/^(?!main$).*/"] })).toBe(
      "test:only:0: regular expression /^(?!main$).*/ is not valid RE2: negative lookahead (?!...) is not supported by RE2",
    );
  });
});

describe("only/except: map form", () => {
  // The docs' "only: all keys must match" example.
  const onlyJob = {
    only: {
      refs: ["master", "schedules"],
      variables: ["$CI_COMMIT_MESSAGE =~ /run-end-to-end-tests/"],
      kubernetes: "active",
    },
  };

  it("includes a job with only: when every key has a match", () => {
    const facts = {
      ref: "master",
      variables: { CI_COMMIT_MESSAGE: "run-end-to-end-tests", CI_KUBERNETES_ACTIVE: "true" },
    };
    expect(added(onlyJob, facts)).toBe(true);
    expect(
      added(onlyJob, { ...facts, variables: { CI_COMMIT_MESSAGE: "run-end-to-end-tests" } }),
    ).toBe(false);
    expect(added(onlyJob, { ...facts, ref: "feature" })).toBe(false);
  });

  it("excludes a job with except: when any key has a match", () => {
    const exceptJob = { except: { refs: ["master"], changes: ["README.md"] } };
    expect(added(exceptJob, { ref: "master" })).toBe(false);
    expect(added(exceptJob, { ref: "feature", changed: ["README.md"] })).toBe(false);
    expect(added(exceptJob, { ref: "feature", changed: ["src/a.ts"] })).toBe(true);
  });

  it("adds the job when any only:variables expression is true", () => {
    const job = { only: { refs: ["branches"], variables: ['$RELEASE == "staging"', "$STAGING"] } };
    expect(added(job, { variables: { STAGING: "1" } })).toBe(true);
    expect(added(job, { variables: { RELEASE: "staging" } })).toBe(true);
    expect(added(job, { variables: { RELEASE: "prod" } })).toBe(false);
  });

  it("keeps the default refs when only: has no refs", () => {
    const job = { only: { variables: ["$X"] } };
    expect(added(job, { variables: { X: "1" } })).toBe(true);
    expect(added(job, { variables: { X: "1" }, source: "merge_request_event" })).toBe(false);
  });

  it("treats changes as always true outside branch pushes and merge requests", () => {
    const job = { only: { changes: ["Dockerfile"] } };
    expect(added(job, { changed: [] })).toBe(false);
    expect(added(job, { changed: ["Dockerfile"] })).toBe(true);
    expect(added(job, { changed: [], isTag: true, ref: "v1" })).toBe(true);
    expect(added(job, { changed: [], source: "schedule" })).toBe(true);
    expect(
      added({ except: { changes: ["Dockerfile"] } }, { changed: [], isTag: true, ref: "v1" }),
    ).toBe(false);
  });

  it("fails on unknown keys, bad kubernetes values and scalar forms", () => {
    expect(failure({ only: { refs: ["main"], branches: ["x"] } })).toBe(
      'test:only: unknown key "branches" in only; allowed keys: refs, variables, changes, kubernetes',
    );
    expect(failure({ except: { kubernetes: "inactive" } })).toBe(
      'test:except:kubernetes: expected active, got "inactive"',
    );
    expect(failure({ only: "main" })).toBe(
      'test:only: expected a list of refs or a map with refs, variables, changes, kubernetes, got the string "main"',
    );
    expect(failure({ only: { variables: ["$A =="] } })).toMatch(
      /^test:only:variables:0: unexpected end of expression/,
    );
  });
});
