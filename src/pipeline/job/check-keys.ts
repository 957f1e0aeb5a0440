import { pipelineError } from "../pipeline-error.js";
import type { RawNode } from "../raw/raw-node.js";
import { didYouMean } from "./did-you-mean.js";

/**
 * The map's keys, after checking each is one of `allowed`: an unknown key fails with
 * `unknown key "X"; <what> may have: ...` at the key's location, with a did-you-mean fix
 * for near misses (edit distance ≤ 2).
 */
export function checkKeys<K extends string>(
  node: RawNode,
  allowed: readonly K[],
  what: string,
): readonly K[] {
  const checked: K[] = [];
  for (const key of node.keys(`${what} (a map of keys)`)) {
    const known = allowed.find((candidate) => candidate === key);
    if (known !== undefined) {
      checked.push(known);
      continue;
    }
    const near = didYouMean(key, allowed);
    throw pipelineError(
      node.child(key).location,
      node.key,
      `unknown key ${JSON.stringify(key)}; ${what} may have: ${allowed.join(", ")}`,
      near === undefined ? undefined : `Did you mean ${JSON.stringify(near)}?`,
    );
  }
  return checked;
}
