import type { SourceMap } from "../raw/source-map.js";
import type { SourceLocation } from "../source-location.js";

/**
 * The SourceMap that loading fills in. Containers are keyed by identity, so a loaded value
 * must not be mutated after its locations are recorded; merging builds new containers and
 * copies the locations of the keys it takes over.
 */
export class SourceMapBuilder implements SourceMap {
  private readonly keys = new WeakMap<object, Map<string | number, SourceLocation>>();
  private readonly nodes = new WeakMap<object, SourceLocation>();
  /**
   * What GitLab accepts silently but a user most likely did not mean (a key written twice),
   * found while loading: reported as warnings, never errors, so a pipeline GitLab runs runs.
   */
  readonly warnings: string[] = [];

  locationOf(container: object, key: string | number): SourceLocation | undefined {
    return this.keys.get(container)?.get(key);
  }

  locationOfNode(node: object): SourceLocation | undefined {
    return this.nodes.get(node);
  }

  setKey(container: object, key: string | number, location: SourceLocation | undefined): void {
    if (location === undefined) return;
    let entries = this.keys.get(container);
    if (entries === undefined) {
      entries = new Map();
      this.keys.set(container, entries);
    }
    entries.set(key, location);
  }

  setNode(node: object, location: SourceLocation | undefined): void {
    if (location !== undefined) this.nodes.set(node, location);
  }

  /** `to[toKey]` was copied from `from[fromKey]`: it keeps that location. */
  copyKey(from: object, fromKey: string | number, to: object, toKey = fromKey): void {
    this.setKey(to, toKey, this.locationOf(from, fromKey));
  }
}
