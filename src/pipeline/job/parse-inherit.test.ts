import { describe, expect, it } from "vitest";
import { jobNode, pipelineFailure } from "./job-node.fixture.js";
import { parseInherit } from "./parse-inherit.js";

describe("parseInherit", () => {
  it("defaults both to true", () => {
    expect(parseInherit(jobNode("inherit", {}))).toEqual({ default: true, variables: true });
  });

  it("reads booleans and lists", () => {
    expect(parseInherit(jobNode("inherit", { default: false, variables: false }))).toEqual({
      default: false,
      variables: false,
    });
    expect(
      parseInherit(jobNode("inherit", { default: ["retry", "image"], variables: ["VARIABLE1"] })),
    ).toEqual({
      default: ["retry", "image"],
      variables: ["VARIABLE1"],
    });
  });

  it("refuses a list entry that is not a default keyword, with a suggestion", () => {
    const error = pipelineFailure(() => parseInherit(jobNode("inherit", { default: ["imgae"] })));
    expect(error.message).toContain('test:inherit:default:0: unknown default keyword "imgae"');
    expect(error.fix).toBe('Did you mean "image"?');
  });

  it("refuses unknown inherit keys", () => {
    expect(pipelineFailure(() => parseInherit(jobNode("inherit", { defaults: true }))).fix).toBe(
      'Did you mean "default"?',
    );
  });
});
