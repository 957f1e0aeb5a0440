import { describe, expect, it } from "vitest";
import { deepMerge, withoutKey } from "./deep-merge.js";
import { ReferenceTag } from "./reference-tag.js";
import { SourceMapBuilder } from "./source-map-builder.js";

const at = (file: string, line: number) => ({ file, line, column: 1 });

// GitLab's include merge rules (includes.md "Merge method for include").
describe("deepMerge", () => {
  it("merges maps at any depth, replaces lists and scalars, keeps base order then new keys", () => {
    const sourceMap = new SourceMapBuilder();
    const base = { a: { x: 1, y: [1] }, b: 1 };
    const over = { a: { y: [2], z: 3 }, c: 2 };
    const merged = deepMerge(base, over, sourceMap);
    expect(merged).toEqual({ a: { x: 1, y: [2], z: 3 }, b: 1, c: 2 });
    expect(Object.keys(merged)).toEqual(["a", "b", "c"]);
    expect(base).toEqual({ a: { x: 1, y: [1] }, b: 1 });
  });

  it("treats null and unresolved !reference as values that replace a map", () => {
    const sourceMap = new SourceMapBuilder();
    const tag = new ReferenceTag([".x", "variables"], undefined);
    expect(deepMerge({ v: { A: 1 } }, { v: null }, sourceMap)).toEqual({ v: null });
    expect(deepMerge({ v: { A: 1 } }, { v: tag }, sourceMap).v).toBe(tag);
  });

  it("keeps each key's location from the side it came from", () => {
    const sourceMap = new SourceMapBuilder();
    const base = { a: 1, b: 2 };
    const over = { b: 3 };
    sourceMap.setKey(base, "a", at("base.yml", 1));
    sourceMap.setKey(base, "b", at("base.yml", 2));
    sourceMap.setKey(over, "b", at("over.yml", 7));
    const merged = deepMerge(base, over, sourceMap);
    expect(sourceMap.locationOf(merged, "a")).toEqual(at("base.yml", 1));
    expect(sourceMap.locationOf(merged, "b")).toEqual(at("over.yml", 7));
    const trimmed = withoutKey(merged, "a", sourceMap);
    expect(trimmed).toEqual({ b: 3 });
    expect(sourceMap.locationOf(trimmed, "b")).toEqual(at("over.yml", 7));
  });

  it("keeps __proto__ as a plain key", () => {
    const sourceMap = new SourceMapBuilder();
    const over = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    const merged = deepMerge({}, over, sourceMap);
    expect(Object.keys(merged)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });
});
