import { describe, expect, it } from "vitest";
import { parseKernelDependency } from "./parse-apt-package.js";

describe("parseKernelDependency", () => {
  it("finds the pinned image package of the candidate stanza", () => {
    const show = [
      "Package: linux-image-cloud-amd64",
      "Version: 6.1.192-2",
      "Provides: linux-latest-modules-6.1.0-56-cloud-amd64",
      "Depends: linux-image-6.1.0-56-cloud-amd64 (= 6.1.192-2)",
      "",
      "Package: linux-image-cloud-amd64",
      "Version: 6.1.176-1",
      "Depends: linux-image-6.1.0-50-cloud-amd64 (= 6.1.176-1)",
      "",
    ].join("\n");
    expect(parseKernelDependency(show)).toEqual({
      name: "linux-image-6.1.0-56-cloud-amd64",
      version: "6.1.192-2",
    });
  });

  it("skips unpinned dependencies", () => {
    expect(
      parseKernelDependency("Depends: foo, linux-image-6.1.0-1-cloud-amd64 (>= 1)\n"),
    ).toBeUndefined();
    expect(parseKernelDependency("")).toBeUndefined();
  });
});
