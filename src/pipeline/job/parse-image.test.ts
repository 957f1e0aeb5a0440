import { describe, expect, it } from "vitest";
import { jobNode, pipelineFailure } from "./job-node.fixture.js";
import { parseImage } from "./parse-image.js";

describe("parseImage", () => {
  it("reads the string form as the image name", () => {
    const image = parseImage(jobNode("image", "ruby:3.0"));
    expect(image.name).toBe("ruby:3.0");
    expect(image.entrypoint).toBeUndefined();
    expect(image.pullPolicy).toBeUndefined();
  });

  it("reads the documented map form with entrypoint, pull_policy and docker options", () => {
    const image = parseImage(
      jobNode("image", {
        name: "super/sql:experimental",
        entrypoint: [""],
        pull_policy: ["always", "if-not-present"],
        docker: { platform: "arm64/v8", user: "dave" },
        kubernetes: { user: "1001:1001" },
      }),
    );
    expect(image).toEqual({
      name: "super/sql:experimental",
      entrypoint: [""],
      pullPolicy: ["always", "if-not-present"],
      options: { docker: { platform: "arm64/v8", user: "dave" }, kubernetesUser: "1001:1001" },
    });
  });

  it("takes a single pull policy", () => {
    expect(
      parseImage(jobNode("image", { name: "ruby:3.0", pull_policy: "if-not-present" })).pullPolicy,
    ).toEqual(["if-not-present"]);
  });

  it("requires name in the map form", () => {
    const error = pipelineFailure(() => parseImage(jobNode("image", { entrypoint: [""] })));
    expect(error.message).toContain("test:image:name:");
    expect(error.message).toContain("expected an image name");
  });

  it("rejects an unknown pull policy, naming the allowed ones", () => {
    const error = pipelineFailure(() =>
      parseImage(jobNode("image", { name: "a", pull_policy: "sometimes" })),
    );
    expect(error.message).toBe(
      'test:image:pull_policy: expected one of always, if-not-present, never, got the string "sometimes"',
    );
  });

  it("rejects unknown keys with a suggestion", () => {
    const error = pipelineFailure(() =>
      parseImage(jobNode("image", { name: "a", entrypiont: ["sh"] })),
    );
    expect(error.message).toMatch(
      /^test:image: unknown key "entrypiont"; image may have: name, entrypoint/,
    );
    expect(error.fix).toBe('Did you mean "entrypoint"?');
  });

  it("rejects an empty name", () => {
    expect(pipelineFailure(() => parseImage(jobNode("image", ""))).message).toContain("empty");
  });
});
