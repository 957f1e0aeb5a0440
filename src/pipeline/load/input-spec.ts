import type { RawNode } from "../raw/raw-node.js";

export type InputType = "string" | "number" | "boolean" | "array";

/** One `spec:inputs:<name>` entry, validated. */
export interface InputSpec {
  readonly name: string;
  readonly type: InputType;
  /** Absent when the input is required. */
  readonly default?: { readonly value: unknown };
  readonly options?: readonly unknown[];
  readonly regex?: RegExp;
  readonly node: RawNode;
}
