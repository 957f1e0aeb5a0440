import type { SourceLocation } from "../source-location.js";

/**
 * An unresolved `!reference [job, key, ...]`. It stays opaque (like a scalar) through include
 * and extends merging, as in GitLab, and is replaced by the referenced value last.
 */
export class ReferenceTag {
  constructor(
    readonly path: readonly string[],
    readonly location: SourceLocation | undefined,
  ) {}

  /** `!reference [".setup", "script"]`, as GitLab prints it. */
  get text(): string {
    return `!reference [${this.path.map((part) => JSON.stringify(part)).join(", ")}]`;
  }
}
