import { hasEntry, isPlainMap, setEntry, type PlainMap } from "./plain-map.js";
import type { SourceMapBuilder } from "./source-map-builder.js";

/**
 * GitLab's deep merge (include and extends): maps merge at any depth; for any other value
 * (list, scalar, null, unresolved !reference) `over` replaces `base`. Key order: `base`'s
 * keys first, then keys only `over` has. Returns a new map; each key keeps the location of
 * the side it came from. Neither input is changed.
 */
export function deepMerge(base: PlainMap, over: PlainMap, sourceMap: SourceMapBuilder): PlainMap {
  const merged: PlainMap = {};
  for (const key of Object.keys(base)) {
    setEntry(merged, key, base[key]);
    sourceMap.copyKey(base, key, merged);
  }
  for (const key of Object.keys(over)) {
    const before = hasEntry(merged, key) ? merged[key] : undefined;
    const value = over[key];
    setEntry(
      merged,
      key,
      isPlainMap(before) && isPlainMap(value) ? deepMerge(before, value, sourceMap) : value,
    );
    sourceMap.copyKey(over, key, merged);
  }
  sourceMap.setNode(merged, sourceMap.locationOfNode(over) ?? sourceMap.locationOfNode(base));
  return merged;
}

/** A copy of `map` without `key`, keeping the other keys' locations. */
export function withoutKey(map: PlainMap, key: string, sourceMap: SourceMapBuilder): PlainMap {
  const copy: PlainMap = {};
  for (const other of Object.keys(map)) {
    if (other === key) continue;
    setEntry(copy, other, map[other]);
    sourceMap.copyKey(map, other, copy);
  }
  sourceMap.setNode(copy, sourceMap.locationOfNode(map));
  return copy;
}
