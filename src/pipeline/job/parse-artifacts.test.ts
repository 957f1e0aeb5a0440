import { describe, expect, it } from "vitest";
import { jobNode, pipelineFailure } from "./job-node.fixture.js";
import { parseArtifacts } from "./parse-artifacts.js";

describe("parseArtifacts", () => {
  it("applies GitLab's defaults", () => {
    expect(parseArtifacts(jobNode("artifacts", { paths: ["binaries/", ".config"] }))).toEqual({
      paths: ["binaries/", ".config"],
      exclude: [],
      untracked: false,
      when: "on_success",
      expireIn: undefined,
      exposeAs: undefined,
      name: undefined,
      access: "all",
      reports: { dotenv: [], ignored: [] },
    });
  });

  it("reads every documented key", () => {
    const artifacts = parseArtifacts(
      jobNode("artifacts", {
        paths: ["binaries/"],
        exclude: ["binaries/**/*.o"],
        untracked: true,
        when: "on_failure",
        expire_in: "3 mins 4 sec",
        expose_as: "artifact 1",
        name: "job1-artifacts-file",
        access: "developer",
      }),
    );
    expect(artifacts).toMatchObject({
      exclude: ["binaries/**/*.o"],
      untracked: true,
      when: "on_failure",
      expireIn: "3 mins 4 sec",
      exposeAs: "artifact 1",
      name: "job1-artifacts-file",
      access: "developer",
    });
  });

  it("keeps expire_in as text, a bare number included", () => {
    expect(parseArtifacts(jobNode("artifacts", { expire_in: "never" })).expireIn).toBe("never");
    expect(parseArtifacts(jobNode("artifacts", { expire_in: 42 })).expireIn).toBe("42");
  });

  it("maps public: false to developer access and refuses public with access", () => {
    expect(parseArtifacts(jobNode("artifacts", { public: false })).access).toBe("developer");
    expect(parseArtifacts(jobNode("artifacts", { public: true })).access).toBe("all");
    expect(
      pipelineFailure(() => parseArtifacts(jobNode("artifacts", { public: false, access: "none" })))
        .message,
    ).toContain("expected either public: or access:");
  });

  it("keeps dotenv reports and names the others", () => {
    const artifacts = parseArtifacts(
      jobNode("artifacts", {
        reports: { junit: "rspec.xml", dotenv: "build.env", coverage_report: {} },
      }),
    );
    expect(artifacts.reports).toEqual({
      dotenv: ["build.env"],
      ignored: ["junit", "coverage_report"],
    });
    expect(
      parseArtifacts(jobNode("artifacts", { reports: { dotenv: ["a.env", "b.env"] } })).reports
        .dotenv,
    ).toEqual(["a.env", "b.env"]);
  });

  it("rejects an unknown when", () => {
    expect(
      pipelineFailure(() => parseArtifacts(jobNode("artifacts", { when: "never" }))).message,
    ).toBe(
      'test:artifacts:when: expected one of on_success, on_failure, always, got the string "never"',
    );
  });

  it("needs paths next to expose_as", () => {
    expect(
      pipelineFailure(() => parseArtifacts(jobNode("artifacts", { expose_as: "x" }))).message,
    ).toContain("test:artifacts:expose_as: expose_as: needs artifacts:paths");
  });

  it("requires lists for paths and names unknown keys", () => {
    expect(
      pipelineFailure(() => parseArtifacts(jobNode("artifacts", { paths: "dist/" }))).message,
    ).toContain("test:artifacts:paths: expected a list of paths");
    const error = pipelineFailure(() => parseArtifacts(jobNode("artifacts", { path: ["dist/"] })));
    expect(error.message).toContain('unknown key "path"');
    expect(error.fix).toBe('Did you mean "paths"?');
  });
});
