import { describe, expect, it } from "vitest";
import { requestedPlatform } from "./requested-platform.js";

const amd64 = { os: "linux", architecture: "amd64" };
const arm = { os: "linux", architecture: "arm" };

describe("requestedPlatform", () => {
  it("is undefined when no platform is asked for", () => {
    expect(requestedPlatform(undefined, "image x", amd64)).toBeUndefined();
    expect(requestedPlatform(" ", "image x", amd64)).toBeUndefined();
  });

  it("accepts the host's platform in Docker's spellings", () => {
    expect(requestedPlatform("linux/amd64", "image x", amd64)).toEqual(amd64);
    expect(requestedPlatform("amd64", "image x", amd64)).toEqual(amd64);
    expect(requestedPlatform("Linux/x86_64", "image x", amd64)).toEqual(amd64);
    expect(requestedPlatform("linux/arm/v7", "image x", arm)).toEqual({ ...arm, variant: "v7" });
  });

  it("refuses another architecture or os as a pull failure, naming the host's", () => {
    expect(() => requestedPlatform("linux/arm64", "image x", amd64)).toThrow(
      expect.objectContaining({
        code: "AIRLOCK_E_IMAGE_PULL_FAILED",
        message: expect.stringContaining("not this host's platform (linux/amd64)") as string,
      }),
    );
    expect(() => requestedPlatform("windows/amd64", "image x", amd64)).toThrow(
      expect.objectContaining({ code: "AIRLOCK_E_IMAGE_PULL_FAILED" }),
    );
  });

  it("refuses a malformed platform", () => {
    for (const bad of ["linux/amd64/v1/x", "linux//amd64", "linux/amd 64"]) {
      expect(() => requestedPlatform(bad, "image x", amd64)).toThrow(
        expect.objectContaining({ code: "AIRLOCK_E_IMAGE_INVALID" }),
      );
    }
  });
});
