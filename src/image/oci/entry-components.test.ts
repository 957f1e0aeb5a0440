import { describe, expect, it } from "vitest";
import { entryComponents } from "./entry-components.js";

describe("entryComponents", () => {
  it("cleans names relative to the root", () => {
    expect(entryComponents("./usr/bin/")).toEqual(["usr", "bin"]);
    expect(entryComponents("/etc//passwd")).toEqual(["etc", "passwd"]);
    expect(entryComponents("a/b/../c")).toEqual(["a", "c"]);
    expect(entryComponents("./")).toEqual([]);
  });
  it("refuses names that climb above the root", () => {
    expect(entryComponents("../etc/passwd")).toBeUndefined();
    expect(entryComponents("a/../../etc")).toBeUndefined();
    expect(entryComponents("/../x")).toBeUndefined();
  });
});
