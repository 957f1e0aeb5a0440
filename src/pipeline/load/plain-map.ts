import { ReferenceTag } from "./reference-tag.js";

/** A loaded YAML map: string keys in file order. */
export type PlainMap = Record<string, unknown>;

/** A map (not a list, not an unresolved `!reference`, not null). */
export function isPlainMap(value: unknown): value is PlainMap {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof ReferenceTag)
  );
}

/** Sets `map[key]` as an own data property, so keys like `__proto__` stay plain keys. */
export function setEntry(map: PlainMap, key: string, value: unknown): void {
  Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
}

export function hasEntry(map: PlainMap, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(map, key);
}
