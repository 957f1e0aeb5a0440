import { describe, expect, it } from "vitest";
import { jobNode, pipelineFailure } from "./job-node.fixture.js";
import { parseReports } from "./parse-reports.js";

describe("parseReports", () => {
  it("keeps dotenv and lists the other report types in file order", () => {
    expect(
      parseReports(
        jobNode("reports", { junit: ["a.xml"], dotenv: "build.env", sast: "gl-sast.json" }),
      ),
    ).toEqual({
      dotenv: ["build.env"],
      ignored: ["junit", "sast"],
    });
  });

  it("needs a map and string paths for dotenv", () => {
    expect(pipelineFailure(() => parseReports(jobNode("reports", ["junit"]))).message).toContain(
      "test:reports: expected a map of report types to paths",
    );
    expect(
      pipelineFailure(() => parseReports(jobNode("reports", { dotenv: 1 }))).message,
    ).toContain("test:reports:dotenv: expected a path or a list of paths");
  });
});
