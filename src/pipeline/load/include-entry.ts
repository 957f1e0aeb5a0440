import type { RawNode } from "../raw/raw-node.js";

/** One `include:` item that names local files (after the offline kinds were rejected). */
export interface IncludeEntry {
  /** The item itself (a string or a map), for error locations. */
  readonly node: RawNode;
  /** The local path or wildcard, as written. */
  readonly local: string;
  /** `inputs:` (a missing node when absent). */
  readonly inputs: RawNode;
  /** `rules:` (a missing node when absent). */
  readonly rules: RawNode;
}
