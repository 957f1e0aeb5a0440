import { pipelineError } from "../pipeline-error.js";
import { hasEntry, isPlainMap, setEntry, type PlainMap } from "./plain-map.js";
import { ReferenceTag } from "./reference-tag.js";
import type { SourceMapBuilder } from "./source-map-builder.js";

/** GitLab documents nesting `!reference` tags up to 10 levels deep. */
const MAX_LEVELS = 10;

type Path = readonly (string | number)[];

/** A resolved value and the longest chain of references it went through. */
type Resolved = readonly [value: unknown, levels: number];

/**
 * Replaces every `!reference [key, subkey, ...]` with the value at that path of the
 * (included and extended) configuration, as GitLab does last. The value is itself resolved;
 * a referenced list inside a list stays a nested list. A path through a list, a missing
 * or null/false target ("could not be found"), a cycle, or a chain of more than 10
 * references throw at the tag. Containers without references are returned as they are.
 */
export function resolveReferences(root: PlainMap, sourceMap: SourceMapBuilder): PlainMap {
  const tags = new Map<ReferenceTag, Resolved>();
  const containers = new Map<object, Resolved>();
  const inProgress = new Set<ReferenceTag>();

  const resolveTag = (tag: ReferenceTag, path: Path): Resolved => {
    const known = tags.get(tag);
    if (known !== undefined) return known;
    const key = path.join(":");
    if (inProgress.has(tag)) {
      throw pipelineError(tag.location, key, `${tag.text} is part of a circular chain`);
    }
    inProgress.add(tag);
    const [target, digLevels] = dig(tag, path);
    if (target === undefined || target === null || target === false) {
      throw pipelineError(tag.location, key, `${tag.text} could not be found`);
    }
    const [value, levels] = resolve(target, tag.path);
    const total = 1 + Math.max(levels, digLevels);
    if (total > MAX_LEVELS) {
      throw pipelineError(
        tag.location,
        key,
        `${tag.text} is nested too deep (${total} levels); GitLab allows ${MAX_LEVELS} levels of !reference`,
      );
    }
    inProgress.delete(tag);
    const resolved: Resolved = [value, total];
    tags.set(tag, resolved);
    return resolved;
  };

  /** The raw value at the tag's path; a !reference met on the way is resolved first. */
  const dig = (tag: ReferenceTag, path: Path): Resolved => {
    let current: unknown = root;
    let levels = 0;
    for (const part of tag.path) {
      if (current instanceof ReferenceTag) {
        const [value, through] = resolveTag(current, path);
        current = value;
        levels = Math.max(levels, through);
      }
      if (!isPlainMap(current) || !hasEntry(current, part)) return [undefined, levels];
      current = current[part];
    }
    return [current, levels];
  };

  const resolve = (value: unknown, path: Path): Resolved => {
    if (value instanceof ReferenceTag) return resolveTag(value, path);
    if (typeof value !== "object" || value === null) return [value, 0];
    const known = containers.get(value);
    if (known !== undefined) return known;
    const resolved = Array.isArray(value)
      ? resolveList(value, path)
      : resolveMap(value as PlainMap, path);
    containers.set(value, resolved);
    return resolved;
  };

  const resolveList = (list: readonly unknown[], path: Path): Resolved => {
    const items = list.map((item, index) => resolve(item, [...path, index]));
    const levels = Math.max(0, ...items.map(([, itemLevels]) => itemLevels));
    if (items.every(([item], index) => item === list[index])) return [list, levels];
    const copy = items.map(([item]) => item);
    copy.forEach((_, index) => {
      sourceMap.copyKey(list, index, copy);
    });
    sourceMap.setNode(copy, sourceMap.locationOfNode(list));
    return [copy, levels];
  };

  const resolveMap = (map: PlainMap, path: Path): Resolved => {
    const keys = Object.keys(map);
    const values = keys.map((key) => resolve(map[key], [...path, key]));
    const levels = Math.max(0, ...values.map(([, valueLevels]) => valueLevels));
    if (keys.every((key, index) => values[index]?.[0] === map[key])) return [map, levels];
    const copy: PlainMap = {};
    keys.forEach((key, index) => {
      setEntry(copy, key, values[index]?.[0]);
      sourceMap.copyKey(map, key, copy);
    });
    sourceMap.setNode(copy, sourceMap.locationOfNode(map));
    return [copy, levels];
  };

  return resolve(root, [])[0] as PlainMap;
}
