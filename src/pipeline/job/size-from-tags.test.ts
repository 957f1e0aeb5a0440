import { describe, expect, it } from "vitest";
import { jobNode, pipelineFailure } from "./job-node.fixture.js";
import { sizeFromTags } from "./size-from-tags.js";

describe("sizeFromTags", () => {
  it("reads CPUs and memory from one tag", () => {
    expect(sizeFromTags(["airlock-4cpu-8gb"])).toEqual({ cpus: 4, memoryMiB: 8192 });
  });

  it("reads single-dimension tags and combines them", () => {
    expect(sizeFromTags(["airlock-2cpu"])).toEqual({ cpus: 2 });
    expect(sizeFromTags(["airlock-512mb"])).toEqual({ memoryMiB: 512 });
    expect(sizeFromTags(["airlock-20gb-disk"])).toEqual({ diskMiB: 20480 });
    expect(sizeFromTags(["docker", "airlock-2cpu", "airlock-512mb-disk"])).toEqual({
      cpus: 2,
      diskMiB: 512,
    });
  });

  it("reads all three dimensions in one tag", () => {
    expect(sizeFromTags(["airlock-2cpu-512mb-20gb-disk"])).toEqual({
      cpus: 2,
      memoryMiB: 512,
      diskMiB: 20480,
    });
  });

  it("ignores other tags and honours another prefix", () => {
    expect(sizeFromTags(["ruby", "postgres", "linux-4cpu"])).toEqual({});
    expect(sizeFromTags(["size-4cpu"], "size-")).toEqual({ cpus: 4 });
  });

  it("rejects malformed airlock tags with the grammar in the message", () => {
    for (const tag of [
      "airlock-4cpus",
      "airlock-0cpu",
      "airlock-",
      "airlock-8gb-disk-",
      "airlock-4cpu-disk",
      "airlock-1.5gb",
    ]) {
      const error = pipelineFailure(() => sizeFromTags([tag]));
      expect(error.message).toContain(`in tag ${JSON.stringify(tag)}; expected airlock-<n>cpu`);
    }
  });

  it("rejects a dimension given twice", () => {
    expect(
      pipelineFailure(() => sizeFromTags(["airlock-4cpu", "airlock-2cpu-1gb"])).message,
    ).toContain("the CPU count is given twice");
  });

  it("names the tag's key when given the tags node", () => {
    const tags = ["ruby", "airlock-lots"];
    expect(
      pipelineFailure(() => sizeFromTags(tags, "airlock-", jobNode("tags", tags))).message,
    ).toMatch(/^test:tags:1: unexpected "lots" in tag "airlock-lots"/);
  });
});
