import { describe, expect, it } from "vitest";
import { imageEnvironment } from "./image-environment.js";

describe("imageEnvironment", () => {
  it("splits at the first =, skips lines without a name, later lines win", () => {
    expect(imageEnvironment(["PATH=/bin", "A=x=y", "=nameless", "junk", "PATH=/usr/bin"])).toEqual({
      PATH: "/usr/bin",
      A: "x=y",
    });
  });
});
