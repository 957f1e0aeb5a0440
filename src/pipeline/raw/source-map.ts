import type { SourceLocation } from "../source-location.js";

/**
 * Where each part of a loaded pipeline came from. Loading (YAML, include, extends,
 * !reference) builds plain JS values and records, for each map or list it produced and each
 * of its keys or indexes, the location of that key (or item) in its own file. Values copied
 * by extends or !reference keep the location they were written at.
 */
export interface SourceMap {
  /** The location of `container[key]`'s key, or of the item for lists. */
  locationOf(container: object, key: string | number): SourceLocation | undefined;
  /** The location of the map or list itself (its first key or item). */
  locationOfNode(node: object): SourceLocation | undefined;
}

/** A source map that knows nothing, for values built in code (tests, CLI flags). */
export const emptySourceMap: SourceMap = {
  locationOf: () => undefined,
  locationOfNode: () => undefined,
};
