import { describe, expect, it } from "vitest";
import { jobNode, pipelineFailure } from "./job-node.fixture.js";
import { parseTimeout } from "./parse-timeout.js";

describe("parseTimeout", () => {
  it("keeps the text for the caller to parse", () => {
    expect(parseTimeout(jobNode("timeout", "3h 30m"))).toBe("3h 30m");
    expect(parseTimeout(jobNode("timeout", "3 hours 30 minutes"))).toBe("3 hours 30 minutes");
    expect(pipelineFailure(() => parseTimeout(jobNode("timeout", ""))).message).toContain(
      "expected a duration",
    );
  });
});
