import type { AirlockError } from "../../core/airlock-error.js";
import { pipelineError } from "../pipeline-error.js";
import type { SourceLocation } from "../source-location.js";
import type { SourceMap } from "./source-map.js";

export type RawPathPart = string | number;

/**
 * One value of the loaded pipeline with the path that reached it, for validation: parsers
 * take a RawNode and return typed read-only data or throw `node.fail(...)`, whose message
 * names the file, line and GitLab-style key (`test:rules:0:if`).
 */
export class RawNode {
  constructor(
    readonly value: unknown,
    readonly path: readonly RawPathPart[],
    private readonly sourceMap: SourceMap,
    private readonly parent?: { readonly container: object; readonly node: RawNode },
  ) {}

  static root(value: unknown, sourceMap: SourceMap): RawNode {
    return new RawNode(value, [], sourceMap);
  }

  /** `test:rules:0:if`, as GitLab names keys in its messages. */
  get key(): string {
    return this.path.join(":");
  }

  /** This value's own location, else the nearest enclosing one that is known. */
  get location(): SourceLocation | undefined {
    const last = this.path.at(-1);
    if (this.parent !== undefined && last !== undefined) {
      const own = this.sourceMap.locationOf(this.parent.container, last);
      if (own !== undefined) return own;
    }
    if (typeof this.value === "object" && this.value !== null) {
      const own = this.sourceMap.locationOfNode(this.value);
      if (own !== undefined) return own;
    }
    return this.parent?.node.location;
  }

  get isMap(): boolean {
    return typeof this.value === "object" && this.value !== null && !Array.isArray(this.value);
  }

  get isList(): boolean {
    return Array.isArray(this.value);
  }

  get isMissing(): boolean {
    return this.value === undefined;
  }

  /** The child at `part` (missing children have value undefined and the parent's location). */
  child(part: RawPathPart): RawNode {
    const container = this.value;
    const value =
      typeof container === "object" && container !== null
        ? (container as Record<RawPathPart, unknown>)[part]
        : undefined;
    const parent =
      typeof container === "object" && container !== null ? { container, node: this } : undefined;
    return new RawNode(value, [...this.path, part], this.sourceMap, parent);
  }

  /** A map's keys in file order; fails when this is not a map. */
  keys(expected = "a map of keys"): readonly string[] {
    if (!this.isMap) throw this.fail(`expected ${expected}, got ${describeRaw(this.value)}`);
    return Object.keys(this.value as object);
  }

  /** A list's items; fails when this is not a list. */
  items(expected = "a list"): readonly RawNode[] {
    if (!Array.isArray(this.value)) {
      throw this.fail(`expected ${expected}, got ${describeRaw(this.value)}`);
    }
    return this.value.map((_, index) => this.child(index));
  }

  fail(message: string, fix?: string): AirlockError {
    return pipelineError(this.location, this.key, message, fix);
  }
}

/** `a string "x"`, `a number 3`, `a list`, `a map`, `null`, for "expected ..., got ..." */
export function describeRaw(value: unknown): string {
  if (value === null || value === undefined) return "nothing (null)";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a map";
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  if (typeof value === "number" || typeof value === "boolean") {
    return `the ${typeof value} ${String(value)}`;
  }
  return `a ${typeof value}`;
}
