import { describe, expect, it } from "vitest";
import { pipelineFailure } from "./job-node.fixture.js";
import { parseDefaultKeys } from "./parse-default-keys.js";
import { RawNode } from "../raw/raw-node.js";
import { emptySourceMap } from "../raw/source-map.js";

describe("parseDefaultKeys", () => {
  it("accepts GitLab's inheritable keywords", () => {
    const keys = [
      "after_script",
      "artifacts",
      "before_script",
      "cache",
      "hooks",
      "id_tokens",
      "image",
      "interruptible",
      "retry",
      "services",
      "tags",
      "timeout",
    ];
    const node = RawNode.root(
      { default: Object.fromEntries(keys.map((k) => [k, null])) },
      emptySourceMap,
    ).child("default");
    expect(parseDefaultKeys(node)).toEqual(keys);
  });

  it("refuses job-only keywords in default:", () => {
    const node = RawNode.root({ default: { script: "x" } }, emptySourceMap).child("default");
    expect(pipelineFailure(() => parseDefaultKeys(node)).message).toContain(
      'unknown key "script"; default: may have:',
    );
  });
});
