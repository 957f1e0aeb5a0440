import { describe, expect, it } from "vitest";
import { artifactFilename } from "./artifact-filename.js";

describe("artifactFilename", () => {
  it("names uploads as gitlab-runner's artifacts-uploader does", () => {
    expect(artifactFilename(undefined, "zip")).toBe("artifacts.zip");
    expect(artifactFilename("", "zip")).toBe("artifacts.zip");
    expect(artifactFilename("dist-v1", "zip")).toBe("dist-v1.zip");
    expect(artifactFilename("out/dist/", "zip")).toBe("dist.zip");
    expect(artifactFilename(".env.gz", "gzip")).toBe(".env.gz.gz");
    expect(artifactFilename("gl-sast-report.json", "raw")).toBe("gl-sast-report.json");
    expect(artifactFilename("/", "zip")).toBe("default.zip");
  });
});
