import { describe, expect, it } from "vitest";
import { formatImageReference, parseImageReference, registryApiHost } from "./image-reference.js";

const digest = `sha256:${"a".repeat(64)}`;

describe("parseImageReference", () => {
  it("applies Docker Hub's defaults", () => {
    expect(parseImageReference("debian")).toEqual({
      registry: "docker.io",
      repository: "library/debian",
      tag: "latest",
      digest: undefined,
    });
    expect(formatImageReference(parseImageReference("team/app:1"))).toBe("docker.io/team/app:1");
    expect(formatImageReference(parseImageReference("index.docker.io/debian:12"))).toBe(
      "docker.io/library/debian:12",
    );
    expect(registryApiHost("docker.io")).toBe("registry-1.docker.io");
  });

  it("reads registries with ports, tags and digests", () => {
    expect(parseImageReference(`127.0.0.1:5000/a/b/c:v1.2@${digest}`)).toEqual({
      registry: "127.0.0.1:5000",
      repository: "a/b/c",
      tag: "v1.2",
      digest,
    });
    expect(parseImageReference(`localhost/app@${digest}`)).toMatchObject({
      registry: "localhost",
      tag: undefined,
    });
    expect(parseImageReference("registry.example.com:443/app").tag).toBe("latest");
  });

  it("refuses malformed references with the expected form as the fix", () => {
    for (const bad of [
      "Upper/case",
      "app@sha256:short",
      "app:bad tag",
      "",
      "a//b",
      "host:99999999/x",
    ]) {
      expect(() => parseImageReference(bad), bad).toThrow(/is invalid/);
    }
  });
});
