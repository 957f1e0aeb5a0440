import { describeRaw, type RawNode } from "../raw/raw-node.js";

/**
 * A duration kept as text for the caller to parse (`1 week`, `3h 30m`, `'42'`); a bare whole
 * number is taken as its text, as GitLab reads it as seconds.
 */
export function readDurationText(node: RawNode, example = "30 minutes"): string {
  const value = node.value;
  if (typeof value === "number" && Number.isInteger(value) && value >= 0) return String(value);
  if (typeof value === "string" && value.trim() !== "") return value;
  throw node.fail(`expected a duration such as "${example}", got ${describeRaw(value)}`);
}
