import { describe, expect, it } from "vitest";
import { kernelAtLeast } from "./kernel-at-least.js";

describe("kernelAtLeast", () => {
  it.each([
    ["6.1.0-26-amd64", true],
    ["5.19.0", true],
    ["5.18.17-generic", false],
    ["4.19.0-27-amd64", false],
    ["6.18.44-fc-v595", true],
    ["10.0.1", true],
    ["garbage", false],
  ])("%s >= 5.19: %s", (release, expected) => {
    expect(kernelAtLeast(release, 5, 19)).toBe(expected);
  });
});
