import { describe, expect, it } from "vitest";
import { jobNode, pipelineFailure } from "./job-node.fixture.js";
import { parseAllowFailure } from "./parse-allow-failure.js";

describe("parseAllowFailure", () => {
  it("reads true and false", () => {
    expect(parseAllowFailure(jobNode("allow_failure", true))).toBe(true);
    expect(parseAllowFailure(jobNode("allow_failure", false))).toBe(false);
  });

  it("reads exit_codes as one code or a list", () => {
    expect(parseAllowFailure(jobNode("allow_failure", { exit_codes: 137 }))).toEqual({
      exitCodes: [137],
    });
    expect(parseAllowFailure(jobNode("allow_failure", { exit_codes: [137, 255] }))).toEqual({
      exitCodes: [137, 255],
    });
  });

  it("refuses other values", () => {
    expect(pipelineFailure(() => parseAllowFailure(jobNode("allow_failure", "yes"))).message).toBe(
      'test:allow_failure: expected true, false or a map with exit_codes:, got the string "yes"',
    );
    expect(
      pipelineFailure(() => parseAllowFailure(jobNode("allow_failure", {}))).message,
    ).toContain("expected exit_codes:");
    expect(
      pipelineFailure(() => parseAllowFailure(jobNode("allow_failure", { exit_codes: ["1"] })))
        .message,
    ).toContain("test:allow_failure:exit_codes:0: expected a whole number");
  });
});
